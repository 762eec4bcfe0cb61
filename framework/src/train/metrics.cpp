#include "train/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bplab::train {

double Metrics::get(const std::string& name) const {
    for (const auto& [key, value] : values)
        if (key == name)
            return value;
    return std::numeric_limits<double>::quiet_NaN();
}

namespace {

double ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : 0.0; }

double f1_score(double precision, double recall) { return ratio(2.0 * precision * recall, precision + recall); }

}  // namespace

Metrics classification_metrics(Task task, ConstMatrixRef P, const Vector& labels, std::size_t classes) {
    Metrics metrics;
    const Eigen::Index n = P.rows();
    metrics.confusion.assign(classes, std::vector<long long>(classes, 0));
    double log_loss = 0;
    const double clip = 1e-15;

    for (Eigen::Index i = 0; i < n; ++i) {
        const auto actual = static_cast<std::size_t>(labels(i));
        std::size_t predicted = 0;
        if (task == Task::binary) {
            const double p = std::clamp(P(i, 0), clip, 1.0 - clip);
            predicted = P(i, 0) >= 0.5 ? 1 : 0;
            log_loss -= actual == 1 ? std::log(p) : std::log1p(-p);
        } else {
            Eigen::Index best = 0;
            P.row(i).maxCoeff(&best);
            predicted = static_cast<std::size_t>(best);
            log_loss -= std::log(std::clamp(P(i, static_cast<Eigen::Index>(actual)), clip, 1.0));
        }
        ++metrics.confusion[actual][predicted];
    }

    long long correct = 0;
    for (std::size_t c = 0; c < classes; ++c)
        correct += metrics.confusion[c][c];
    metrics.add("accuracy", ratio(static_cast<double>(correct), static_cast<double>(n)));

    // Per-class precision = TP / (TP + FP), recall = TP / (TP + FN).
    auto precision_recall = [&](std::size_t c) {
        double tp = static_cast<double>(metrics.confusion[c][c]), predicted = 0, actual = 0;
        for (std::size_t k = 0; k < classes; ++k) {
            predicted += static_cast<double>(metrics.confusion[k][c]);
            actual += static_cast<double>(metrics.confusion[c][k]);
        }
        return std::pair{ratio(tp, predicted), ratio(tp, actual)};
    };

    if (task == Task::binary) {
        auto [precision, recall] = precision_recall(1);
        metrics.add("precision", precision);
        metrics.add("recall", recall);
        metrics.add("f1", f1_score(precision, recall));
    } else {
        double f1_sum = 0;
        for (std::size_t c = 0; c < classes; ++c) {
            auto [precision, recall] = precision_recall(c);
            f1_sum += f1_score(precision, recall);
        }
        metrics.add("macro_f1", f1_sum / static_cast<double>(classes));
    }
    metrics.add("log_loss", n > 0 ? log_loss / static_cast<double>(n) : 0.0);
    return metrics;
}

Metrics regression_metrics(const Vector& predicted, const Vector& actual) {
    Metrics metrics;
    const auto n = static_cast<double>(actual.size());
    if (actual.size() == 0)
        return metrics;
    const Vector error = predicted - actual;
    const double ss_res = error.squaredNorm();
    const double ss_tot = (actual.array() - actual.mean()).square().sum();

    metrics.add("rmse", std::sqrt(ss_res / n));
    metrics.add("mae", error.cwiseAbs().sum() / n);
    if (ss_tot > 0)
        metrics.add("r2", 1.0 - ss_res / ss_tot);
    if ((actual.array() != 0.0).all())
        metrics.add("mape", 100.0 * (error.array() / actual.array()).abs().sum() / n);
    return metrics;
}

}  // namespace bplab::train
