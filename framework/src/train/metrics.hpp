// Metrics of a trained network on one part of the data. Every value is finite: a metric that
// is undefined on the given rows (MAPE with a zero target, R² of a constant target) is left out
// rather than written as NaN.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "bplab/dataset.hpp"
#include "bplab/matrix.hpp"

namespace bplab::train {

struct Metrics {
    std::vector<std::pair<std::string, double>> values;  // in a fixed order, for stable files
    std::vector<std::vector<long long>> confusion;      // [true class][predicted class]; classification only

    void add(const std::string& name, double value) { values.emplace_back(name, value); }
    // Returns the value of `name`, or NaN when absent.
    double get(const std::string& name) const;
};

// Binary: P is (n, 1) with the probability of class 1. Returns accuracy, precision, recall and
// F1 of class 1, and log_loss (mean binary cross-entropy, probabilities clipped to
// [1e-15, 1 - 1e-15]). Precision, recall and F1 are 0 when their denominator is 0.
// Multiclass: P is (n, k) with class probabilities. Returns accuracy, macro_f1 (the unweighted
// mean of the per-class F1) and log_loss.
Metrics classification_metrics(Task task, ConstMatrixRef P, const Vector& labels, std::size_t classes);

// Predictions and targets in the target's own unit. Returns rmse, mae, r2 (1 - SS_res / SS_tot
// around the mean of these targets) and mape (mean absolute percentage error, in percent).
Metrics regression_metrics(const Vector& predicted, const Vector& actual);

}  // namespace bplab::train
