#include "experiment/trial.hpp"

#include <chrono>
#include <cmath>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "train/split.hpp"

namespace bplab::experiment {

namespace {

// Derives the seed of one random stream from the trial seed and what the stream is for, so
// that streams are independent and each is the same whatever ran before it.
std::uint64_t derive_seed(std::int64_t seed, std::uint64_t purpose, int repeat, int fold) {
    std::uint64_t state = static_cast<std::uint64_t>(seed);
    std::uint64_t mixed = splitmix64(state);
    state = mixed ^ (purpose * 0x9E3779B97F4A7C15ull);
    mixed = splitmix64(state);
    state = mixed ^ static_cast<std::uint64_t>(repeat + 1);
    mixed = splitmix64(state);
    state = mixed ^ (static_cast<std::uint64_t>(fold + 1) << 32);
    return splitmix64(state);
}

// Returns every option of a manifest at its default, for an output plugin, which takes no options.
Options default_options(const Manifest& manifest) {
    Options options;
    for (const OptionSpec& spec : manifest.options)
        options.set(spec.name, spec.default_value);
    return options;
}

enum Purpose : std::uint64_t { split_stream = 1, validation_stream = 2, init_stream = 3, shuffle_stream = 4 };

[[noreturn]] void fail(const PointConfig& point, const std::string& key, const std::string& message) {
    auto where = point.where.find(key);
    if (where == point.where.end())
        where = point.where.find(key + ".name");  // a plugin slot such as dataset
    throw Error(ErrorKind::input, where != point.where.end() ? where->second : Location{}, key + ": " + message);
}

// FNV-1a, 64 bits: a fixed, portable hash for trial ids.
std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t hash = 0xcbf29ce484222325ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

// Standard scaling fitted on the training rows: x' = (x - mean) / std with the population
// standard deviation. A constant column has std 0 and is scaled by 1, so it becomes zeros.
struct Scaler {
    Eigen::RowVectorXd mean, scale;

    void fit(const Matrix& X, const train::Indices& rows) {
        const Eigen::Index columns = X.cols();
        mean = Eigen::RowVectorXd::Zero(columns);
        scale = Eigen::RowVectorXd::Zero(columns);
        for (std::size_t row : rows)
            mean += X.row(static_cast<Eigen::Index>(row));
        mean /= static_cast<double>(rows.size());
        for (std::size_t row : rows)
            scale += (X.row(static_cast<Eigen::Index>(row)) - mean).array().square().matrix();
        scale = (scale / static_cast<double>(rows.size())).cwiseSqrt();
        for (Eigen::Index j = 0; j < columns; ++j)
            if (!(scale(j) > 1e-12 * std::max(1.0, std::abs(mean(j)))))
                scale(j) = 1.0;
    }
};

struct TargetScaling {
    double mean = 0, scale = 1;
};

train::Part make_part(const Table& table, const train::Indices& rows, const Scaler& scaler, const TargetScaling& target) {
    train::Part part;
    part.X.resize(static_cast<Eigen::Index>(rows.size()), table.features.cols());
    part.y.resize(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(rows[i]);
        const auto r = static_cast<Eigen::Index>(i);
        part.X.row(r) = (table.features.row(row) - scaler.mean).cwiseQuotient(scaler.scale);
        part.y(r) = table.task == Task::regression ? (table.targets(row) - target.mean) / target.scale : table.targets(row);
    }
    return part;
}

boost::json::object metrics_json(const train::Metrics& metrics) {
    boost::json::object object;
    for (const auto& [name, value] : metrics.values)
        object[name] = value;
    return object;
}

boost::json::array confusion_json(const train::Metrics& metrics) {
    boost::json::array rows;
    for (const auto& row : metrics.confusion) {
        boost::json::array counts;
        for (long long count : row)
            counts.push_back(count);
        rows.push_back(std::move(counts));
    }
    return rows;
}

const char* status_name(train::TrainStatus status) {
    switch (status) {
    case train::TrainStatus::ok: return "ok";
    case train::TrainStatus::diverged: return "diverged";
    case train::TrainStatus::timeout: return "timeout";
    case train::TrainStatus::interrupted: return "interrupted";
    }
    return "failed";
}

}  // namespace

std::string default_primary_metric(Task task) { return task == Task::regression ? "test.rmse" : "test.accuracy"; }

bool larger_is_better(const std::string& metric) {
    const std::string name = metric.substr(metric.find('.') + 1);
    return name == "accuracy" || name == "precision" || name == "recall" || name == "f1" || name == "macro_f1" || name == "r2";
}

OutputChoice resolve_output(const PointConfig& point, const Table& table) {
    OutputChoice choice;
    const std::string& output = point.model.output;
    const std::string& loss = point.model.loss;
    const int classes = static_cast<int>(table.class_names.size());

    switch (table.task) {
    case Task::binary:
        if (output == "auto" || output == "sigmoid")
            choice.kind = nn::OutputKind::sigmoid;
        else if (output == "softmax")
            choice.kind = nn::OutputKind::softmax;
        else if (output == "identity")
            choice.kind = nn::OutputKind::identity;
        else
            choice.kind = nn::OutputKind::plugin;
        break;
    case Task::multiclass:
        if (output != "auto" && output != "softmax")
            fail(point, "model.output", "'" + output + "' cannot output " + std::to_string(classes) +
                                            " classes; multiclass tasks use softmax (or auto)");
        choice.kind = nn::OutputKind::softmax;
        break;
    case Task::regression:
        if (output == "sigmoid" || output == "softmax")
            fail(point, "model.output", "'" + output + "' is an output for classification, but the dataset '" +
                                            point.dataset.name + "' is a regression task; use identity (or auto)");
        choice.kind = output == "auto" || output == "identity" ? nn::OutputKind::identity : nn::OutputKind::plugin;
        break;
    }
    choice.outputs = choice.kind == nn::OutputKind::softmax ? classes : 1;

    if (loss == "auto") {
        choice.loss = choice.kind == nn::OutputKind::sigmoid   ? nn::LossKind::binary_cross_entropy
                      : choice.kind == nn::OutputKind::softmax ? nn::LossKind::cross_entropy
                                                               : nn::LossKind::mean_squared_error;
    } else if (loss == "binary_cross_entropy") {
        if (choice.kind != nn::OutputKind::sigmoid)
            fail(point, "model.loss", "binary_cross_entropy needs a sigmoid output on a binary task");
        choice.loss = nn::LossKind::binary_cross_entropy;
    } else if (loss == "cross_entropy") {
        if (choice.kind != nn::OutputKind::softmax)
            fail(point, "model.loss", "cross_entropy needs a softmax output");
        choice.loss = nn::LossKind::cross_entropy;
    } else {
        if (choice.kind == nn::OutputKind::softmax)
            fail(point, "model.loss", "mse cannot be paired with a softmax output; use cross_entropy");
        choice.loss = nn::LossKind::mean_squared_error;
    }
    return choice;
}

void check_against_data(const PointConfig& point, const Table& table) {
    resolve_output(point, table);
    const auto rows = static_cast<std::size_t>(table.features.rows());
    if (rows < 2)
        fail(point, "dataset", "the dataset has " + std::to_string(rows) + " row(s); at least 2 are needed");
    if (point.split.kind == "holdout") {
        const auto test = static_cast<std::size_t>(std::llround(point.split.test * static_cast<double>(rows)));
        if (test == 0 || test == rows)
            fail(point, "split.test", fmt::format("{} of {} rows leaves an empty {} part", point.split.test, rows,
                                                  test == 0 ? "test" : "training"));
    } else {
        const bool stratified = point.split.stratify && table.task != Task::regression;
        const std::size_t smallest = stratified ? train::smallest_class_size(table) : rows;
        if (static_cast<std::size_t>(point.split.k) > smallest)
            fail(point, "split.k",
                 stratified ? fmt::format("{} folds need at least {} rows of every class, but the rarest class has {}",
                                          point.split.k, point.split.k, smallest)
                            : fmt::format("{} folds need at least {} rows, but the dataset has {}", point.split.k,
                                          point.split.k, rows));
    }
}

std::vector<TrialSpec> make_trials(const std::vector<PointConfig>& points, const std::vector<std::int64_t>& seeds,
                                   const std::vector<const Table*>& tables) {
    std::vector<TrialSpec> trials;
    for (std::size_t p = 0; p < points.size(); ++p) {
        const PointConfig& point = points[p];
        const std::string config = boost::json::serialize(point.config_json());
        const Table& table = *tables[p];

        // Cost ∝ epochs × training rows × weights, the work of forward and backward passes.
        double weights = 0;
        int in = static_cast<int>(table.features.cols());
        for (int size : point.model.hidden) {
            weights += static_cast<double>(in) * size;
            in = size;
        }
        weights += in * std::max<double>(1.0, static_cast<double>(table.class_names.size()));
        const double train_fraction = point.split.kind == "holdout" ? 1.0 - point.split.test : 1.0 - 1.0 / point.split.k;
        const double cost = point.training.epochs * train_fraction * static_cast<double>(table.features.rows()) * weights;

        const int repeats = point.split.kind == "repeated_kfold" ? point.split.repeats : 1;
        const int folds = point.split.kind == "holdout" ? 1 : point.split.k;
        for (std::int64_t seed : seeds)
            for (int repeat = 0; repeat < repeats; ++repeat)
                for (int fold = 0; fold < folds; ++fold) {
                    TrialSpec trial;
                    trial.point = &point;
                    trial.seed = seed;
                    trial.fold = point.split.kind == "holdout" ? -1 : fold;
                    trial.repeat = point.split.kind == "repeated_kfold" ? repeat : -1;
                    trial.cost = cost;
                    const std::string identity = fmt::format("{}|seed={}|repeat={}|fold={}", config, seed, trial.repeat, trial.fold);
                    trial.id = fmt::format("{:016x}", fnv1a(identity));
                    trials.push_back(std::move(trial));
                }
    }
    return trials;
}

TrialOutcome run_trial(const TrialSpec& trial, const Table& table, const plugins::Registry& registry,
                       const std::string& experiment, const train::StopControl& stop) {
    const auto started = std::chrono::steady_clock::now();
    const PointConfig& point = *trial.point;
    TrialOutcome outcome;
    boost::json::object& json = outcome.json;
    json["format"] = "bplab.trial/1";
    json["experiment"] = experiment;
    json["trial_id"] = trial.id;
    json["point"] = point.point_json();
    json["seed"] = trial.seed;
    json["fold"] = trial.fold >= 0 ? boost::json::value(trial.fold + 1) : boost::json::value(nullptr);
    json["repeat"] = trial.repeat >= 0 ? boost::json::value(trial.repeat + 1) : boost::json::value(nullptr);
    json["config"] = point.config_json();
    json["plugins"] = {
        {"dataset", {{"name", point.dataset.name}, {"version", point.dataset.plugin->manifest.version}}},
        {"activation", {{"name", point.model.activation.name}, {"version", point.model.activation.plugin->manifest.version}}},
        {"optimizer", {{"name", point.optimizer.name}, {"version", point.optimizer.plugin->manifest.version}}}};

    std::string status = "ok";
    std::string error;
    try {
        // 1. Split: the split streams depend on the seed and repetition only, so every grid
        //    point sees the same parts for the same seed, and folds of one repetition partition
        //    the data.
        Random split_random(derive_seed(trial.seed, split_stream, trial.repeat, -1));
        train::Split split = point.split.kind == "holdout"
                                 ? train::holdout_split(table, point.split.test, point.split.stratify, split_random)
                                 : train::kfold_split(table, point.split.k, trial.fold, point.split.stratify, split_random);
        train::Indices validation_rows;
        if (point.validation > 0) {
            Random validation_random(derive_seed(trial.seed, validation_stream, trial.repeat, trial.fold));
            train::Split carved = train::carve_validation(table, split.train, point.validation, point.split.stratify,
                                                          validation_random);
            split.train = std::move(carved.train);
            validation_rows = std::move(carved.test);
        }

        // 2. Scale features, and regression targets, with statistics of the training rows only.
        Scaler scaler;
        scaler.fit(table.features, split.train);
        TargetScaling target;
        if (table.task == Task::regression) {
            double sum = 0, squares = 0;
            for (std::size_t row : split.train)
                sum += table.targets(static_cast<Eigen::Index>(row));
            target.mean = sum / static_cast<double>(split.train.size());
            for (std::size_t row : split.train) {
                const double d = table.targets(static_cast<Eigen::Index>(row)) - target.mean;
                squares += d * d;
            }
            const double sd = std::sqrt(squares / static_cast<double>(split.train.size()));
            target.scale = sd > 0 ? sd : 1.0;
        }
        const train::Part train_part = make_part(table, split.train, scaler, target);
        const train::Part validation_part = make_part(table, validation_rows, scaler, target);
        const train::Part test_part = make_part(table, split.test, scaler, target);

        // 3. Build the network from the plugins.
        const OutputChoice output = resolve_output(point, table);
        std::unique_ptr<Activation> activation =
            registry.create_activation(*point.model.activation.plugin, point.model.activation.options);
        std::unique_ptr<Activation> output_activation;
        nn::NetworkSpec spec;
        spec.inputs = static_cast<int>(table.features.cols());
        spec.hidden = point.model.hidden;
        const nn::InitKind init = point.model.init == "he"       ? nn::InitKind::he
                                  : point.model.init == "xavier" ? nn::InitKind::xavier
                                  : point.model.activation.plugin->manifest.init == InitHint::he ? nn::InitKind::he
                                                                                                 : nn::InitKind::xavier;
        for (std::size_t l = 0; l < spec.hidden.size(); ++l) {
            spec.hidden_activations.push_back(activation.get());
            spec.hidden_init.push_back(init);
        }
        spec.outputs = output.outputs;
        spec.output.kind = output.kind;
        spec.output.loss = output.loss;
        if (output.kind == nn::OutputKind::plugin) {
            output_activation = registry.create_activation(*point.output_plugin, default_options(point.output_plugin->manifest));
            spec.output.plugin = output_activation.get();
        }
        spec.bias = point.model.bias;
        nn::Network network(spec);
        Random init_random(derive_seed(trial.seed, init_stream, trial.repeat, trial.fold));
        network.initialize(init_random);
        std::unique_ptr<Optimizer> optimizer = registry.create_optimizer(*point.optimizer.plugin, point.optimizer.options);

        // 4. Train.
        const Task history_task = output.kind == nn::OutputKind::softmax ? Task::multiclass : table.task;
        train::Trainer trainer(network, *optimizer, point.training, history_task, target.scale);
        Random shuffle_random(derive_seed(trial.seed, shuffle_stream, trial.repeat, trial.fold));
        const train::TrainResult result = trainer.fit(train_part, validation_part, shuffle_random, stop);
        if (result.status == train::TrainStatus::interrupted) {
            outcome.interrupted = true;
            return outcome;
        }
        status = status_name(result.status);
        error = result.message;
        json["epochs_run"] = result.epochs_run;
        json["best_epoch"] = result.best_epoch;
        json["stopped_early"] = result.stopped_early;

        // 5. Measure each part with the final (or restored best) weights.
        boost::json::object metrics;
        boost::json::object confusion;
        auto measure = [&](const char* name, const train::Part& part, const train::Indices& rows) {
            if (part.rows() == 0)
                return;
            Matrix P(part.rows(), output.outputs);
            const double loss = trainer.evaluate_loss(part, P);
            train::Metrics values;
            if (table.task == Task::regression) {
                Vector predicted = P.col(0).array() * target.scale + target.mean;
                Vector actual(part.rows());
                for (std::size_t i = 0; i < rows.size(); ++i)
                    actual(static_cast<Eigen::Index>(i)) = table.targets(static_cast<Eigen::Index>(rows[i]));
                values = train::regression_metrics(predicted, actual);
            } else if (table.task == Task::binary && output.outputs == 2) {
                Matrix positive = P.col(1);
                values = train::classification_metrics(Task::binary, positive, part.y, 2);
            } else {
                values = train::classification_metrics(table.task, P, part.y, table.class_names.size());
            }
            if (std::isfinite(loss))
                values.values.insert(values.values.begin(), {"loss", loss});
            // No NaN or infinity is ever written as a metric.
            std::erase_if(values.values, [](const auto& entry) { return !std::isfinite(entry.second); });
            metrics[name] = metrics_json(values);
            if (!values.confusion.empty())
                confusion[name] = confusion_json(values);
            for (const auto& [metric, value] : values.values)
                outcome.summary.metrics.emplace_back(std::string(name) + "." + metric, value);
        };
        if (result.status == train::TrainStatus::ok) {
            measure("train", train_part, split.train);
            measure("validation", validation_part, validation_rows);
            measure("test", test_part, split.test);
            if (trainer.interrupted()) {
                outcome.interrupted = true;
                return outcome;
            }
        }
        json["metrics"] = metrics;
        if (!confusion.empty())
            json["confusion"] = confusion;

        // History as columns, one entry per epoch.
        const std::string metric_name = table.task == Task::regression ? "rmse" : "accuracy";
        boost::json::array epochs, lr, train_loss, train_metric, validation_loss, validation_metric;
        for (const auto& record : result.history) {
            epochs.push_back(record.epoch);
            lr.push_back(record.lr);
            train_loss.push_back(record.train_loss);
            train_metric.push_back(std::isfinite(record.train_metric) ? boost::json::value(record.train_metric)
                                                                      : boost::json::value(nullptr));
            if (record.validation_loss) {
                validation_loss.push_back(*record.validation_loss);
                validation_metric.push_back(*record.validation_metric);
            }
        }
        boost::json::object history{{"epoch", epochs}, {"lr", lr}, {"train_loss", train_loss},
                                    {"train_" + metric_name, train_metric}};
        if (!validation_loss.empty()) {
            history["validation_loss"] = validation_loss;
            history["validation_" + metric_name] = validation_metric;
        }
        json["history"] = history;

        boost::json::array class_names;
        for (const auto& name : table.class_names)
            class_names.push_back(boost::json::string(name));
        json["data"] = {{"task", to_string(table.task)},
                        {"target", table.target_name},
                        {"classes", class_names},
                        {"rows", {{"train", split.train.size()}, {"validation", validation_rows.size()}, {"test", split.test.size()}}}};
    } catch (const std::exception& exception) {
        status = "failed";
        error = exception.what();
        // Readers find the same keys in every trial file; a failed trial has no metrics.
        if (!json.contains("metrics"))
            json["metrics"] = boost::json::object();
    }

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    json["status"] = status;
    json["error"] = error.empty() ? boost::json::value(nullptr) : boost::json::value(error);
    json["timing"] = {{"seconds", seconds}};
    outcome.summary.status = status;
    outcome.summary.seconds = seconds;
    return outcome;
}

}  // namespace bplab::experiment
