// Progress of a grid for the person watching it. On a terminal one line is redrawn in place;
// otherwise (a log file, a batch job) a plain line is printed every few seconds.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace bplab::runner {

class Progress {
public:
    Progress(std::size_t total, bool quiet);

    void started();
    void finished(const std::string& status, const std::string& label);
    void abandoned();
    // Ends the progress line.
    void done();

private:
    void report(bool force);

    std::size_t total_;
    bool quiet_;
    bool terminal_;
    std::atomic<std::size_t> running_{0}, done_{0}, failed_{0}, diverged_{0};
    std::chrono::steady_clock::time_point start_, last_;
    std::mutex mutex_;
    bool printed_ = false;
};

}  // namespace bplab::runner
