// Minibatch training of one network: epochs of shuffled minibatches, L2 weight decay, a
// learning-rate schedule, early stopping on a validation part, and a per-epoch history.
// The trainer never prints and never throws for a diverging network: it returns a status.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bplab/optimizer.hpp"
#include "bplab/random.hpp"
#include "nn/network.hpp"
#include "train/metrics.hpp"
#include "train/schedule.hpp"

namespace bplab::train {

// One part of the data, scaled and ready: X (rows, features) and the targets as the network
// sees them (class indices, or standardised values for regression).
struct Part {
    Matrix X;
    Vector y;
    Eigen::Index rows() const { return X.rows(); }
};

struct EarlyStopping {
    int patience = 0;        // epochs without improvement before stopping; 0 turns it off
    double min_delta = 0.0;  // improvement in validation loss that counts
    bool restore_best = true;
};

struct TrainSettings {
    int epochs = 100;
    int batch_size = 32;     // larger than the training part means one full batch
    double lr = 0.01;
    double weight_decay = 0.0;
    ScheduleSpec schedule;
    EarlyStopping early_stopping;
};

// Stops a trial from outside: a deadline (--trial-timeout) and a flag set on an interrupt.
struct StopControl {
    std::optional<std::chrono::steady_clock::time_point> deadline;
    const std::atomic<bool>* interrupted = nullptr;
};

// One epoch of the history. The training figures are running means over the epoch's
// minibatches (the network changes during the epoch); validation figures are measured on
// the whole validation part at the end of the epoch.
struct EpochRecord {
    int epoch = 0;  // 1-based
    double lr = 0;
    double train_loss = 0;
    double train_metric = 0;
    std::optional<double> validation_loss;
    std::optional<double> validation_metric;
};

enum class TrainStatus { ok, diverged, timeout, interrupted };

struct TrainResult {
    TrainStatus status = TrainStatus::ok;
    int epochs_run = 0;
    int best_epoch = 0;         // with early stopping: the epoch whose weights were kept
    bool stopped_early = false;
    std::string message;
    std::vector<EpochRecord> history;
};

// The primary metric that the history computes from each batch's outputs.
enum class HistoryMetric { accuracy, rmse };

class Trainer {
public:
    // target_scale converts standardised regression errors back to the target's unit for the
    // history's rmse; it is 1 for classification.
    Trainer(nn::Network& network, Optimizer& optimizer, const TrainSettings& settings, Task task, double target_scale);

    // Trains on `train`, monitoring `validation` when it has rows.
    TrainResult fit(const Part& train, const Part& validation, Random& random, const StopControl& stop);

    // Computes the network's outputs for every row of X into P (rows, outputs), batch by batch
    // through the prepared buffers. P must already have the right shape.
    void predict(const Matrix& X, Matrix& P);

    // Returns the mean loss over a part, using `outputs` (rows, outputs) as working space.
    // Returns NaN early when the interrupt flag of the last fit's StopControl is set; check
    // interrupted() before using the result.
    double evaluate_loss(const Part& part, Matrix& outputs);

    // Returns true once the interrupt flag of the last fit's StopControl is set.
    bool interrupted() const;

private:
    double batch_metric_sum(ConstMatrixRef P, const double* y) const;

    nn::Network& network_;
    Optimizer& optimizer_;
    TrainSettings settings_;
    Task task_;
    double target_scale_;
    const std::atomic<bool>* interrupt_ = nullptr;
    Matrix batch_X_;
    Vector batch_y_;
};

}  // namespace bplab::train
