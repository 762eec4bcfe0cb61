// Reading a results folder for `runner compare`, `runner export` and `runner report`: the run
// manifest (experiment.json) in full, then the trial files one at a time, so that memory stays
// small however many trials the grid has. Also the pieces the three commands share: trial
// keys, grid value formatting, per-point metric values, ranking and CSV quoting.
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace bplab::runner {

// Identity of a trial within its grid point. fold and repeat are the 1-based numbers of the
// trial file, 0 where the split has no folds or repetitions.
struct TrialKey {
    std::int64_t seed = 0;
    int fold = 0;
    int repeat = 0;
    auto operator<=>(const TrialKey&) const = default;
};

// One grid point of the manifest.
struct GridPoint {
    boost::json::object point;  // grid values by dotted key
    std::string label;          // "model.activation=tanh optimizer.lr=0.1"
    std::size_t expected = 0;   // trials of this point in the grid
};

// One trial file, as handed to ResultsFolder::for_each_trial. `json` is valid only during the
// call.
struct TrialFile {
    std::size_t point_index = 0;
    std::string id;
    TrialKey key;
    std::string status;                                   // ok, diverged, failed, timeout
    std::vector<std::pair<std::string, double>> metrics;  // final metrics by dotted name
    const boost::json::object* json = nullptr;
};

// Counts of the trial files that for_each_trial read, missed or skipped.
struct ReadCounts {
    std::size_t read = 0;                          // trial files with a result
    std::size_t missing = 0;                       // trials of the manifest without a file
    std::vector<std::filesystem::path> unreadable;  // files that are not valid trial JSON
};

class ResultsFolder {
public:
    // Reads and checks DIR/experiment.json and that DIR/trials exists. Throws bplab::Error
    // naming the folder and what is missing or invalid.
    explicit ResultsFolder(const std::filesystem::path& folder);

    const std::filesystem::path& folder() const { return folder_; }
    const std::string& experiment() const { return experiment_; }
    const std::string& description() const { return description_; }
    // Settings that every grid point shares, by dotted key.
    const boost::json::object& settings() const { return settings_; }
    const std::string& primary_metric() const { return primary_metric_; }
    const std::vector<std::string>& grid_keys() const { return grid_keys_; }
    const std::vector<GridPoint>& points() const { return points_; }
    std::size_t trial_count() const { return trials_.size(); }

    // Reads every trial file that exists, one at a time in manifest order, and calls `visit`
    // with it. When `wanted` is given, only trials of points for which it returns true are
    // read. Missing files are counted; files that are not valid trial JSON are listed.
    ReadCounts for_each_trial(const std::function<void(const TrialFile&)>& visit,
                              const std::function<bool(std::size_t)>& wanted = {}) const;

    // Returns the values of a grid key in order of first appearance among the points.
    std::vector<boost::json::value> key_values(const std::string& key) const;

private:
    std::filesystem::path folder_;
    std::string experiment_;
    std::string description_;
    boost::json::object settings_;
    std::string primary_metric_;
    std::vector<std::string> grid_keys_;
    std::vector<GridPoint> points_;
    std::vector<std::pair<std::size_t, std::string>> trials_;  // point index, trial id
};

// Prints one warning line to standard error when some trial files could not be read.
void warn_unreadable(const ReadCounts& counts);

// Throws bplab::Error naming the folder when not one trial file had a result.
void require_results(const ResultsFolder& folder, const ReadCounts& counts);

// Formats a grid value as the experiment file writes it: strings bare, numbers in their
// shortest exact form (0.1, not 1E-1), lists as [16, 16].
std::string format_value(const boost::json::value& value);

// Final metric values of the ok trials of one grid point, with the key of each trial, and
// the number of trial files by status.
struct PointValues {
    std::map<std::string, std::vector<std::pair<TrialKey, double>>> metrics;
    std::map<std::string, std::size_t> statuses;

    // Returns the values of one metric, without keys; empty when absent.
    std::vector<double> values(const std::string& metric) const;
};

// Reads every trial file of the folder and gathers PointValues for each grid point, in
// manifest order. Prints a warning for unreadable files; `counts` receives what was read.
std::vector<PointValues> collect_point_values(const ResultsFolder& folder, ReadCounts& counts);

// Returns point indices ranked by the mean of `metric`, best first, as summary.json ranks
// them: the goal follows the metric's name (accuracy up, loss down), ties go to the lower
// mean test loss, and points without a value for the metric come last in manifest order.
std::vector<std::size_t> rank_points(const std::vector<PointValues>& values, const std::string& metric);

// Orders metric names train.*, validation.*, test.*, then anything else, keeping the given
// order within each group.
void order_metric_names(std::vector<std::string>& names);

// Quotes a CSV field as RFC 4180 requires: in double quotes, with quotes doubled, when it
// contains a comma, a double quote, CR or LF; unchanged otherwise.
std::string csv_field(const std::string& text);

// Joins fields into one CSV record ending in CRLF.
std::string csv_record(const std::vector<std::string>& fields);

// An output written to standard output, or to a file through a temporary file in the same
// folder that commit() renames into place, so that a reader never sees half a file.
class OutputStream {
public:
    // Opens the temporary file for `path`, or standard output when `path` is empty. Throws
    // bplab::Error naming the file when it cannot be created.
    explicit OutputStream(const std::filesystem::path& path);
    ~OutputStream();
    OutputStream(const OutputStream&) = delete;
    OutputStream& operator=(const OutputStream&) = delete;

    std::ostream& stream() { return *stream_; }
    // Flushes, and renames the temporary file to the path. Throws bplab::Error on failure.
    void commit();

private:
    std::filesystem::path path_;
    std::filesystem::path temporary_;
    std::unique_ptr<std::ofstream> file_;
    std::ostream* stream_ = nullptr;
    bool committed_ = false;
};

// Writes text through an OutputStream: to `path`, or to standard output when it is empty.
void write_output(const std::filesystem::path& path, const std::string& text);

}  // namespace bplab::runner
