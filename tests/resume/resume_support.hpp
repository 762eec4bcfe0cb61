// Helpers for the resume tests: a small grid that takes a few seconds, the runner started in
// the background so that a test can signal it, and trial files compared without their timing.
#pragma once

#include <chrono>
#include <cstdlib>
#include <csignal>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include "test_support.hpp"

namespace bplab::testing {

// 3 grid points × 4 seeds = 12 trials on a synthetic dataset; about 3 to 4 seconds with -j 2
// on a Release build, so that kills at 0.3 s, 1 s and 2 s land before, during and near the
// end of the grid.
inline const std::string resume_grid = R"(name: resume_grid
dataset: {name: synthetic, kind: moons, samples: 1500, noise: 0.2}
split: {kind: holdout, test: 0.25}
model: {hidden: [24, 24], activation: tanh}
training: {epochs: 150, batch_size: 16, validation: 0.1}
optimizer: {name: adam, lr: 0.003}
seeds: [1, 2, 3, 4]
grid:
  model.activation: [tanh, relu, sigmoid]
)";

// Returns the factor by which sanitizer builds may be slower than a Release build, from the
// environment variable BPLAB_TEST_TIME_SCALE that the asan and tsan test presets set (1 when
// unset). Time bounds in the tests are multiplied by it.
inline double time_scale() {
    const char* text = std::getenv("BPLAB_TEST_TIME_SCALE");
    const double scale = text ? std::atof(text) : 1.0;
    return scale >= 1.0 ? scale : 1.0;
}

// Starts the runner in the background with its output sent to /dev/null and returns its pid.
inline pid_t start_runner(const std::vector<std::string>& arguments) {
    const pid_t child = ::fork();
    if (child == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
        std::vector<std::string> copies(arguments);
        std::string program = runner_path.string();
        std::vector<char*> argv{program.data()};
        for (auto& argument : copies)
            argv.push_back(argument.data());
        argv.push_back(nullptr);
        ::execv(program.c_str(), argv.data());
        std::_Exit(127);
    }
    return child;
}

// Waits for the process and returns its exit code, or 128 + the signal that ended it.
inline int wait_exit_code(pid_t child) {
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Returns each trial file of a results folder without its timing, keyed by file name.
inline std::map<std::string, std::string> trials_without_timing(const std::filesystem::path& output) {
    std::map<std::string, std::string> trials;
    for (const auto& entry : std::filesystem::directory_iterator(output / "trials")) {
        const std::string name = entry.path().filename().string();
        if (name.front() == '.')
            continue;
        boost::json::value value = read_json(entry.path());
        value.as_object().erase("timing");
        trials[name] = boost::json::serialize(value);
    }
    return trials;
}

// Returns the summary without the fields that depend on timing.
inline std::string summary_without_timing(const std::filesystem::path& output) {
    boost::json::value value = read_json(output / "summary.json");
    value.as_object().erase("timing");
    return boost::json::serialize(value);
}

// Returns the names of the files in a folder that start with '.', such as temporaries.
inline std::vector<std::string> hidden_files(const std::filesystem::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.path().filename().string().front() == '.')
            names.push_back(entry.path().filename().string());
    return names;
}

}  // namespace bplab::testing
