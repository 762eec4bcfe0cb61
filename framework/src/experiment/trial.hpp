// One trial: a grid point, a seed and (with k-fold) a fold, trained and measured.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "bplab/dataset.hpp"
#include "experiment/experiment.hpp"
#include "nn/loss.hpp"
#include "plugins/registry.hpp"
#include "train/trainer.hpp"

namespace bplab::experiment {

struct TrialSpec {
    const PointConfig* point = nullptr;
    std::int64_t seed = 1;
    int fold = -1;    // 0-based fold for k-fold splits, -1 for holdout
    int repeat = -1;  // 0-based repetition for repeated k-fold, -1 otherwise
    std::string id;   // stable: the same configuration gives the same id on every machine
    double cost = 0;  // expected relative cost, for scheduling the longest first
};

// The output layer, loss and output count chosen for a task; see resolve_output.
struct OutputChoice {
    nn::OutputKind kind = nn::OutputKind::identity;
    nn::LossKind loss = nn::LossKind::mean_squared_error;
    int outputs = 1;
};

// Chooses the output layer and loss for the point's task and checks that they fit together.
// Throws bplab::Error naming model.output or model.loss when they do not.
OutputChoice resolve_output(const PointConfig& point, const Table& table);

// Checks what can only be checked against the data: enough rows of each class for the folds,
// and a non-empty training and test part. Throws bplab::Error naming the setting.
void check_against_data(const PointConfig& point, const Table& table);

// Builds the trial list: every point × seed × repetition × fold, with ids and costs.
std::vector<TrialSpec> make_trials(const std::vector<PointConfig>& points, const std::vector<std::int64_t>& seeds,
                                   const std::vector<const Table*>& tables);

// What the summary keeps of a trial: its status and final metrics by dotted name
// (test.accuracy, train.loss, ...), without the history.
struct TrialSummary {
    std::string status;  // ok, diverged, failed, timeout
    std::vector<std::pair<std::string, double>> metrics;
    double seconds = 0;
};

struct TrialOutcome {
    boost::json::object json;
    TrialSummary summary;
    bool interrupted = false;  // abandoned on an interrupt: not a result, nothing to write
};

// Runs the trial. Never throws for a plugin error or a diverging network: those are
// recorded in the outcome's status.
TrialOutcome run_trial(const TrialSpec& trial, const Table& table, const plugins::Registry& registry,
                       const std::string& experiment, const train::StopControl& stop);

// Returns "test.accuracy" or "test.rmse", the ranking metric when the experiment sets primary_metric to auto.
std::string default_primary_metric(Task task);

// Returns true when larger values of the metric (accuracy, f1, r2, ...) are better.
bool larger_is_better(const std::string& metric);

}  // namespace bplab::experiment
