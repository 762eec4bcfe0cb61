// Subcommands other than running an experiment.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace bplab::runner {

// runner plugins [describe NAME]: lists plugins, or describes one with its options.
int plugins_command(const std::vector<std::string>& arguments, const std::vector<std::string>& plugin_dirs,
                    const std::filesystem::path& executable);

// runner summarize DIR: rebuilds summary.json from the trial files in DIR.
int summarize_command(const std::vector<std::string>& arguments, bool quiet);

}  // namespace bplab::runner
