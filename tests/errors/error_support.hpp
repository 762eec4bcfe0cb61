// Helpers for the error tests: an experiment file written to a temporary folder, run through
// the real runner, and the runner's one-line error read back.
#pragma once

#include <string>
#include <vector>

#include "test_support.hpp"

namespace bplab::testing {

// A small, valid base that the cases extend: every trial takes milliseconds.
inline const std::string tiny_base = "dataset: {name: synthetic, kind: xor, samples: 40}\ntraining: {epochs: 1}\n";

struct ErrorRun {
    int exit_code = -1;
    std::string file;     // the experiment file as the runner names it
    std::string message;  // standard error, without the "error: FILE:" prefix when present
    std::string err;      // standard error as printed
};

// Writes `yaml` to NAME.yaml in `folder`, runs it with extra arguments, and splits the error.
inline ErrorRun run_yaml(const TempDir& folder, const std::string& name, const std::string& yaml,
                         const std::vector<std::string>& extra = {}) {
    const auto file = folder.write(name + ".yaml", yaml);
    std::vector<std::string> arguments{file.string(), "-o", (folder / ("out-" + name)).string(), "-q", "-j", "1"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    const ProcessResult result = run_runner(arguments);
    ErrorRun run;
    run.exit_code = result.exit_code;
    run.file = file.string();
    run.err = result.err;
    const std::string prefix = "error: " + run.file + ":";
    run.message = result.err.compare(0, prefix.size(), prefix) == 0 ? result.err.substr(prefix.size()) : result.err;
    return run;
}

}  // namespace bplab::testing
