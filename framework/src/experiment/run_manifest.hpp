// The run manifest, experiment.json in a results folder: the whole grid of the experiment
// (settings, grid axes, seeds, points and every trial id), written before any trial runs. It
// lets `runner summarize` rebuild the summary from trial files alone, and lets a later run
// tell whether a folder holds trials of the same configuration.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "experiment/experiment.hpp"
#include "experiment/results.hpp"
#include "experiment/trial.hpp"

namespace bplab::experiment {

boost::json::object make_run_manifest(const Experiment& experiment, const std::vector<PointConfig>& points,
                                      const std::vector<TrialSpec>& trials, const std::string& primary_metric);

// Returns the settings, grid axes and seeds that differ between two manifests, as readable
// lines such as "training.epochs: 100 -> 50"; empty when they describe the same grid.
std::vector<std::string> manifest_differences(const boost::json::object& before, const boost::json::object& now);

// Reads a trial file's status and final metrics for the summary.
TrialSummary trial_summary_from_json(const boost::json::object& trial);

// Rebuilds the summary of a results folder from its manifest and whatever trial files it holds.
// `found` receives the number of trial files with a result.
boost::json::object summarize_folder(const std::filesystem::path& folder, std::size_t& found);

}  // namespace bplab::experiment
