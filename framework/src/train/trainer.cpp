#include "train/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bplab::train {

Trainer::Trainer(nn::Network& network, Optimizer& optimizer, const TrainSettings& settings, Task task,
                 double target_scale)
    : network_(network), optimizer_(optimizer), settings_(settings), task_(task), target_scale_(target_scale) {}

double Trainer::batch_metric_sum(ConstMatrixRef P, const double* y) const {
    // Returns the number of correct predictions, or the sum of squared errors in the target's
    // unit for regression.
    double sum = 0;
    for (Eigen::Index i = 0; i < P.rows(); ++i) {
        if (task_ == Task::regression) {
            const double e = (P(i, 0) - y[i]) * target_scale_;
            sum += e * e;
        } else if (task_ == Task::binary) {
            sum += ((P(i, 0) >= 0.5) == (y[i] > 0.5)) ? 1.0 : 0.0;
        } else {
            Eigen::Index best = 0;
            P.row(i).maxCoeff(&best);
            sum += static_cast<double>(best) == y[i] ? 1.0 : 0.0;
        }
    }
    return sum;
}

void Trainer::predict(const Matrix& X, Matrix& P) {
    const Eigen::Index chunk = network_.max_batch();
    for (Eigen::Index start = 0; start < X.rows(); start += chunk) {
        const Eigen::Index n = std::min(chunk, X.rows() - start);
        P.middleRows(start, n) = network_.forward(X.middleRows(start, n));
    }
}

double Trainer::evaluate_loss(const Part& part, Matrix& outputs) {
    const Eigen::Index chunk = network_.max_batch();
    double total = 0;
    for (Eigen::Index start = 0; start < part.rows(); start += chunk) {
        // A large part takes seconds to evaluate; an interrupt must not wait for it.
        if (interrupted())
            return std::numeric_limits<double>::quiet_NaN();
        const Eigen::Index n = std::min(chunk, part.rows() - start);
        outputs.middleRows(start, n) = network_.forward(part.X.middleRows(start, n));
        total += network_.loss(part.y.data() + start) * static_cast<double>(n);
    }
    return part.rows() > 0 ? total / static_cast<double>(part.rows()) : 0.0;
}

bool Trainer::interrupted() const {
    return interrupt_ && interrupt_->load(std::memory_order_relaxed);
}

TrainResult Trainer::fit(const Part& train, const Part& validation, Random& random, const StopControl& stop) {
    TrainResult result;
    interrupt_ = stop.interrupted;
    const Eigen::Index rows = train.rows();
    const Eigen::Index batch = std::min<Eigen::Index>(settings_.batch_size, rows);
    const bool has_validation = validation.rows() > 0;
    const bool early_stopping = has_validation && settings_.early_stopping.patience > 0;

    // Everything the epoch loop touches is sized here, once.
    network_.prepare(std::max(batch, std::min<Eigen::Index>(rows, 256)));
    batch_X_.resize(batch, train.X.cols());
    batch_y_.resize(batch);
    std::vector<std::size_t> order(static_cast<std::size_t>(rows));
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    Matrix validation_outputs(validation.rows(), network_.spec().outputs);
    std::vector<double> best_parameters;
    if (early_stopping)
        best_parameters.reserve(network_.parameters().size());
    result.history.reserve(static_cast<std::size_t>(settings_.epochs));

    optimizer_.reset(network_.blocks());
    Schedule schedule(settings_.schedule, settings_.lr, settings_.epochs);
    double best_loss = 0;
    int waited = 0;

    for (int epoch = 0; epoch < settings_.epochs; ++epoch) {
        const double lr = schedule.rate(epoch);

        // Fisher-Yates shuffle of the training rows from the trial's own stream.
        for (std::size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[random.below(i)]);

        double loss_sum = 0, metric_sum = 0;
        for (Eigen::Index start = 0; start < rows; start += batch) {
            if (stop.interrupted && stop.interrupted->load(std::memory_order_relaxed)) {
                result.status = TrainStatus::interrupted;
                result.message = "interrupted";
                return result;
            }
            if (stop.deadline && std::chrono::steady_clock::now() > *stop.deadline) {
                result.status = TrainStatus::timeout;
                result.message = "exceeded the trial time limit in epoch " + std::to_string(epoch + 1);
                return result;
            }

            const Eigen::Index n = std::min(batch, rows - start);
            for (Eigen::Index i = 0; i < n; ++i) {
                const auto row = static_cast<Eigen::Index>(order[static_cast<std::size_t>(start + i)]);
                batch_X_.row(i) = train.X.row(row);
                batch_y_(i) = train.y(row);
            }
            auto X = batch_X_.topRows(n);
            ConstMatrixRef P = network_.forward(X);
            const double loss = network_.loss(batch_y_.data());
            loss_sum += loss * static_cast<double>(n);
            metric_sum += batch_metric_sum(P, batch_y_.data());

            network_.backward(X, batch_y_.data());
            network_.add_weight_decay(settings_.weight_decay);
            optimizer_.step(network_.blocks(), lr);
        }

        EpochRecord record;
        record.epoch = epoch + 1;
        record.lr = lr;
        record.train_loss = loss_sum / static_cast<double>(rows);
        record.train_metric = task_ == Task::regression ? std::sqrt(metric_sum / static_cast<double>(rows))
                                                        : metric_sum / static_cast<double>(rows);
        result.epochs_run = epoch + 1;

        // A non-finite loss, or weights that overflowed, ends the trial as diverged.
        if (!std::isfinite(record.train_loss)) {
            result.status = TrainStatus::diverged;
            result.message = "the training loss became " + std::string(std::isnan(record.train_loss) ? "NaN" : "infinite") +
                             " in epoch " + std::to_string(epoch + 1);
            return result;
        }

        double monitored = record.train_loss;
        if (has_validation) {
            const double validation_loss = evaluate_loss(validation, validation_outputs);
            if (interrupted()) {
                result.status = TrainStatus::interrupted;
                result.message = "interrupted";
                return result;
            }
            record.validation_loss = validation_loss;
            record.validation_metric = batch_metric_sum(validation_outputs, validation.y.data()) /
                                       static_cast<double>(validation.rows());
            if (task_ == Task::regression)
                record.validation_metric = std::sqrt(*record.validation_metric);
            monitored = validation_loss;
            if (!std::isfinite(validation_loss)) {
                result.status = TrainStatus::diverged;
                result.message = "the validation loss became non-finite in epoch " + std::to_string(epoch + 1);
                return result;
            }
        }
        result.history.push_back(record);
        schedule.observe(monitored);

        if (early_stopping) {
            if (epoch == 0 || monitored < best_loss - settings_.early_stopping.min_delta) {
                best_loss = monitored;
                result.best_epoch = epoch + 1;
                waited = 0;
                if (settings_.early_stopping.restore_best)
                    best_parameters.assign(network_.parameters().begin(), network_.parameters().end());
            } else if (++waited >= settings_.early_stopping.patience) {
                result.stopped_early = true;
                break;
            }
        }
    }

    if (early_stopping && settings_.early_stopping.restore_best && !best_parameters.empty())
        std::copy(best_parameters.begin(), best_parameters.end(), network_.parameters().begin());
    if (!early_stopping)
        result.best_epoch = result.epochs_run;
    return result;
}

}  // namespace bplab::train
