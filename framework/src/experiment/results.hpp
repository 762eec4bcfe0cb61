// Result files: trial files written atomically, the summary that aggregates grid points over
// seeds and folds, and the ranked table the runner prints.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "experiment/trial.hpp"

namespace bplab::experiment {

// Writes JSON to `path` through a temporary file in the same folder and a rename, so that a
// reader, or a kill at any moment, sees either the old file or the whole new one.
void write_json_atomic(const std::filesystem::path& path, const boost::json::value& value, bool pretty);

// Writes JSON to `path` as write_json_atomic does, but only when no file exists there yet;
// returns false, changing nothing, when one does. Of several processes that race to create the
// same file, on one machine or over NFS, exactly one returns true. A file system without hard
// links is the exception: there the file goes into place by rename, and several may return true.
bool write_json_exclusive(const std::filesystem::path& path, const boost::json::value& value, bool pretty);

// Formats JSON with two-space indentation; arrays of numbers stay on one line.
std::string pretty_json(const boost::json::value& value);

// Reads a JSON file; returns nothing when it is missing, unreadable or not valid JSON.
std::optional<boost::json::value> read_json_file(const std::filesystem::path& path);

// Aggregates of one metric over the trials of a grid point. std is the sample standard
// deviation (n - 1 in the denominator), 0 for a single trial.
struct Aggregate {
    double mean = 0, std = 0, min = 0, max = 0;
    std::size_t n = 0;
};

Aggregate aggregate(const std::vector<double>& values);

// Everything the summary keeps of one grid point.
struct PointResults {
    boost::json::object point;
    std::string label;
    std::map<std::string, std::vector<double>> metrics;  // dotted metric -> one value per ok trial
    std::map<std::string, std::size_t> statuses;
    std::size_t expected = 0;                             // trials of this point in the grid
};

struct SummaryInput {
    std::string experiment;
    std::string description;
    std::string primary_metric;  // dotted, such as test.accuracy
    std::vector<std::string> grid_keys;
    std::vector<PointResults> points;  // in grid order
    std::size_t expected_trials = 0;
};

// Builds summary.json: trial counts by status, and the points ranked by the mean of the
// primary metric (best first; points without a value for it last).
boost::json::object build_summary(const SummaryInput& input);

// Formats the top `rows` ranked points as a plain-text table.
std::string ranked_table(const boost::json::object& summary, std::size_t rows);

}  // namespace bplab::experiment
