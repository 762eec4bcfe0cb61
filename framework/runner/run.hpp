// The run command: an experiment file in, trial files and a summary out.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace bplab::runner {

struct RunOptions {
    std::string experiment_file;
    std::vector<std::string> overrides;
    std::vector<std::string> plugin_dirs;
    std::filesystem::path executable;
    std::string output;        // empty: results/<experiment name>
    int threads = 0;           // 0: all cores
    bool resume = false;
    bool force = false;
    bool fail_fast = false;
    bool quiet = false;
    bool dry_run = false;
    double trial_timeout = 0;  // seconds; 0: none
    int shard_index = 1;       // 1-based
    int shard_count = 1;
};

// Runs the experiment and returns the process exit code: 0 when every trial ended ok or
// diverged, 1 when any failed or timed out, 130 or 143 after SIGINT or SIGTERM. Input errors
// are thrown as bplab::Error (exit code 2, reported by main).
int run_experiment(const RunOptions& options);

}  // namespace bplab::runner
