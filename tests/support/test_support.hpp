// Helpers shared by the tests: the built plugins, the runner as a child process, temporary
// folders and files.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include "plugins/registry.hpp"

namespace bplab::testing {

inline const std::filesystem::path plugin_dir{BPLAB_PLUGIN_DIR};
inline const std::filesystem::path runner_path{BPLAB_RUNNER};
inline const std::filesystem::path source_dir{BPLAB_SOURCE_DIR};

// Returns a registry with every built plugin, loaded as the runner loads them.
inline const plugins::Registry& built_plugins() {
    static const plugins::Registry registry = [] {
        plugins::Registry r;
        r.add_folder(plugin_dir);
        return r;
    }();
    return registry;
}

// A fresh folder under the system's temporary folder, removed when the object goes away.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "bplab-test-XXXXXX").string();
        path_ = ::mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

    // Writes `text` to a file in this folder and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& text) const {
        const auto file = path_ / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }

private:
    std::filesystem::path path_;
};

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

inline boost::json::value read_json(const std::filesystem::path& file) { return boost::json::parse(read_text(file)); }

// Runs `command` (an absolute program path, then its arguments) in `work_dir`, or in the
// current folder when it is empty, and returns its exit code and output. Standard input is
// /dev/null.
inline ProcessResult run_program(const std::vector<std::string>& command, const std::filesystem::path& work_dir = {}) {
    const TempDir capture;
    const auto out_file = capture / "stdout";
    const auto err_file = capture / "stderr";
    // Flush first, or the child inherits buffered output and prints it a second time.
    std::cout.flush();
    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child == 0) {
        if (!work_dir.empty())
            std::filesystem::current_path(work_dir);
        std::freopen("/dev/null", "r", stdin);
        std::freopen(out_file.c_str(), "w", stdout);
        std::freopen(err_file.c_str(), "w", stderr);
        std::vector<std::string> copies(command);
        std::vector<char*> argv;
        for (auto& argument : copies)
            argv.push_back(argument.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        std::_Exit(127);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    ProcessResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_text(out_file);
    result.err = read_text(err_file);
    return result;
}

// Runs the runner with these arguments from the source folder and returns its exit code and
// output.
inline ProcessResult run_runner(const std::vector<std::string>& arguments, const std::filesystem::path& work_dir = source_dir) {
    std::vector<std::string> command{runner_path.string()};
    command.insert(command.end(), arguments.begin(), arguments.end());
    return run_program(command, work_dir);
}

}  // namespace bplab::testing
