// Builds the plugin registry from the search path and reports libraries that could not be used.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "plugins/registry.hpp"

namespace bplab::runner {

// Loads every plugin on the search path. An entry of `plugin_dirs` that is a file is loaded as
// one library, and an error in it is fatal; a folder's broken libraries are reported on stderr
// unless `quiet`, and named again if an experiment asks for a plugin that is missing.
plugins::Registry load_registry(const std::vector<std::string>& plugin_dirs, const std::filesystem::path& executable,
                                bool quiet);

}  // namespace bplab::runner
