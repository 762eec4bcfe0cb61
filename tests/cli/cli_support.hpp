// Helpers for the tests of runner compare, export and report: small real runs of the synthetic
// XOR dataset, an RFC 4180 CSV reader and the trial files of a folder.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "experiment/results.hpp"
#include "test_support.hpp"

namespace bplab::testing {

// Two grid keys of two values each, three seeds, five epochs, with a validation part: 12
// trials that train in milliseconds.
inline const std::string tiny_experiment = R"(name: tiny
dataset: {name: synthetic, kind: xor, samples: 64}
split: {kind: holdout, test: 0.25, stratify: true}
model: {hidden: [4], activation: tanh}
training: {epochs: 5, batch_size: 16, validation: 0.2}
optimizer: {name: adam, lr: 0.01}
seeds: [1, 2, 3]
grid:
  optimizer.lr: [0.1, 0.01]
  model.activation: [tanh, relu]
)";

// The same experiment with the grid keys in the other order, sigmoid in place of relu and a
// fourth seed: two points match tiny_experiment by value, and no trial set is the same.
inline const std::string tiny_reordered_experiment = R"(name: tiny_reordered
dataset: {name: synthetic, kind: xor, samples: 64}
split: {kind: holdout, test: 0.25, stratify: true}
model: {hidden: [4], activation: tanh}
training: {epochs: 5, batch_size: 16, validation: 0.2}
optimizer: {name: adam, lr: 0.01}
seeds: [1, 2, 3, 4]
grid:
  model.activation: [tanh, sigmoid]
  optimizer.lr: [0.1, 0.01]
)";

// Writes `yaml` to DIR/NAME.yaml, runs it into DIR/NAME with the extra arguments, and returns
// the results folder. Fails the test when the run fails.
inline std::filesystem::path make_run(const TempDir& dir, const std::string& name, const std::string& yaml,
                                      const std::vector<std::string>& extra = {}) {
    const auto file = dir.write(name + ".yaml", yaml);
    const auto folder = dir / name;
    std::vector<std::string> arguments{file.string(), "-o", folder.string(), "-q", "-j", "2"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    const ProcessResult result = run_runner(arguments);
    BOOST_TEST_REQUIRE(result.exit_code == 0, "runner " << file.string() << " failed: " << result.err);
    return folder;
}

// Returns every trial file of a results folder, parsed, by trial id. Numbers are read exactly,
// as the runner reads them, because Boost.JSON 1.81's own parser can be 1 ulp off.
inline std::map<std::string, boost::json::object> read_trials(const std::filesystem::path& folder) {
    std::map<std::string, boost::json::object> trials;
    for (const auto& entry : std::filesystem::directory_iterator(folder / "trials"))
        if (entry.path().extension() == ".json")
            trials[entry.path().stem().string()] = experiment::read_json_file(entry.path()).value().as_object();
    return trials;
}

// Parses CSV as RFC 4180 defines it: records end in CRLF (a bare LF is accepted too), fields
// containing commas, quotes or line breaks are quoted, quotes inside are doubled.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            record.push_back(field);
            field.clear();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            record.push_back(field);
            field.clear();
            records.push_back(record);
            record.clear();
        } else {
            field += c;
        }
    }
    if (!field.empty() || !record.empty()) {
        record.push_back(field);
        records.push_back(record);
    }
    return records;
}

// Returns the column index of `name` in a CSV header; fails the test when it is absent.
inline std::size_t column(const std::vector<std::string>& header, const std::string& name) {
    const auto found = std::find(header.begin(), header.end(), name);
    BOOST_TEST_REQUIRE((found != header.end()), "column " << name << " is missing");
    return static_cast<std::size_t>(found - header.begin());
}

}  // namespace bplab::testing
