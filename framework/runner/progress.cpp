#include "progress.hpp"

#include <cstdio>

#include <unistd.h>

#include <fmt/format.h>

namespace bplab::runner {

namespace {

std::string clock_text(double seconds) {
    const auto total = static_cast<long long>(seconds + 0.5);
    if (total >= 3600)
        return fmt::format("{}:{:02d}:{:02d}", total / 3600, (total / 60) % 60, total % 60);
    return fmt::format("{}:{:02d}", total / 60, total % 60);
}

}  // namespace

Progress::Progress(std::size_t total, bool quiet)
    : total_(total), quiet_(quiet), terminal_(::isatty(STDOUT_FILENO) == 1),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::started() { ++running_; }

void Progress::finished(const std::string& status, const std::string& label) {
    --running_;
    ++done_;
    if (status == "failed" || status == "timeout")
        ++failed_;
    if (status == "diverged")
        ++diverged_;
    if (!quiet_ && (status == "failed" || status == "timeout")) {
        std::lock_guard lock(mutex_);
        if (terminal_ && printed_)
            std::fputs("\r\033[K", stdout);
        fmt::print("trial {}: {}\n", status, label);
        std::fflush(stdout);
    }
    report(false);
}

void Progress::abandoned() { --running_; }

void Progress::report(bool force) {
    if (quiet_)
        return;
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock())
        return;
    const auto now = std::chrono::steady_clock::now();
    const double since_last = std::chrono::duration<double>(now - last_).count();
    if (!force && since_last < (terminal_ ? 0.2 : 5.0))
        return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const std::size_t done = done_.load();
    std::string eta = "--:--";
    if (done > 0 && done < total_)
        eta = clock_text(elapsed / static_cast<double>(done) * static_cast<double>(total_ - done));
    else if (done >= total_)
        eta = "0:00";
    const std::string line = fmt::format("trials {}/{}, {} running, {} failed, {} diverged, {} elapsed, ~{} left", done, total_,
                                         running_.load(), failed_.load(), diverged_.load(), clock_text(elapsed), eta);
    if (terminal_)
        fmt::print("\r\033[K{}", line);
    else
        fmt::print("{}\n", line);
    std::fflush(stdout);
    printed_ = true;
}

void Progress::done() {
    if (quiet_ || total_ == 0)
        return;
    if (terminal_) {
        report(true);
        fmt::print("\n");
        std::fflush(stdout);
    }
}

}  // namespace bplab::runner
