// Backprop Lab's side of the peer benchmark: trains the engine on one workload of the shared
// train/test split and prints one line in the peers' format,
//     bplab <workload> <seconds> <metric>
// where seconds is the wall time of Trainer::fit alone (no file reading, no scaling, no
// evaluation), like the peers' timed region.
//
// Workloads, each on the split files w{1,2}_{train,test}.csv (four features, then the target):
//   W1  banknote 4-16-16-1,   tanh, sigmoid + binary cross-entropy, SGD lr 0.05, batch 32, 200 epochs
//   W2  power plant 4-32-32-1, tanh, identity + MSE on the standardised target, Adam lr 0.001,
//       batch 64, 100 epochs
//   W3  W1 with hidden layers of 256, 20 epochs; also reports nominal GFLOP/s
//       = 3 · Σ 2·fan_in·fan_out per sample and epoch, divided by the seconds
//   G   the training inside bench/run.sh's grid experiment: hidden [4], [8], [4, 4] or [8, 8]
//       × N / 400 SGD learning rates 0.001, 0.002, ... × 100 seeds, one epoch each on W1's
//       training part; prints the summed fit time of the N trials, so that the runner's wall
//       time on that grid minus this sum is the runner's overhead
// Features are standardised with the training part's mean and population standard deviation;
// W2's target too, and its predictions are mapped back before RMSE and R².
//
// Usage: bplab_bench W1|W2|W3|G DATA_DIR [--plugins DIR] [--seed N] [--repeat N] [--trials N]
// With --repeat N the workload is trained N times in this process (fresh weights each time)
// and the run with the median time is printed. --trials sets G's trial count (100000).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bplab/error.hpp"
#include "nn/network.hpp"
#include "plugins/registry.hpp"
#include "train/trainer.hpp"

namespace {

using bplab::Matrix;
using bplab::Vector;

struct Workload {
    std::string name;
    std::string data;  // file prefix: w1 or w2
    std::vector<int> hidden;
    bool regression = false;
    std::string optimizer;
    double lr = 0;
    int batch = 0;
    int epochs = 0;
};

Workload workload_named(const std::string& name) {
    if (name == "W1")
        return {"W1", "w1", {16, 16}, false, "sgd", 0.05, 32, 200};
    if (name == "W2")
        return {"W2", "w2", {32, 32}, true, "adam", 0.001, 64, 100};
    if (name == "W3")
        return {"W3", "w1", {256, 256}, false, "sgd", 0.05, 32, 20};
    if (name == "G")
        return {"G", "w1", {4}, false, "sgd", 0.001, 32, 1};
    throw std::invalid_argument("unknown workload '" + name + "', expected W1, W2, W3 or G");
}

// Reads a headerless CSV of numbers. Every row must have `columns` fields.
Matrix read_csv(const std::filesystem::path& file, Eigen::Index columns) {
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error(file.string() + ": cannot open the file; run the peers' prepare_data.py to write the split files");
    std::vector<double> values;
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (line.empty())
            continue;
        std::istringstream fields(line);
        std::string field;
        Eigen::Index count = 0;
        while (std::getline(fields, field, ',')) {
            char* end = nullptr;
            values.push_back(std::strtod(field.c_str(), &end));
            if (end == field.c_str())
                throw std::runtime_error(file.string() + ":" + std::to_string(line_number) + ": '" + field + "' is not a number");
            ++count;
        }
        if (count != columns)
            throw std::runtime_error(file.string() + ":" + std::to_string(line_number) + ": expected " + std::to_string(columns) +
                                     " fields, found " + std::to_string(count));
    }
    const auto rows = static_cast<Eigen::Index>(values.size()) / columns;
    return Eigen::Map<Matrix>(values.data(), rows, columns);
}

bplab::Options default_options(const bplab::Manifest& manifest) {
    bplab::Options options;
    for (const bplab::OptionSpec& spec : manifest.options)
        options.set(spec.name, spec.default_value);
    return options;
}

const bplab::plugins::Plugin& require(const bplab::plugins::Registry& registry, bplab::PluginKind kind, const std::string& name) {
    const bplab::plugins::Plugin* plugin = registry.find(kind, name);
    if (!plugin)
        throw std::runtime_error(std::string("the ") + bplab::to_string(kind) + " plugin '" + name + "' was not found");
    return *plugin;
}

struct Data {
    bplab::train::Part train, test;
    Vector test_target;  // in the target's own unit
    double target_mean = 0, target_scale = 1;
};

Data load(const Workload& workload, const std::filesystem::path& folder) {
    const Matrix train = read_csv(folder / (workload.data + "_train.csv"), 5);
    const Matrix test = read_csv(folder / (workload.data + "_test.csv"), 5);
    const Eigen::RowVectorXd mean = train.leftCols(4).colwise().mean();
    const Eigen::RowVectorXd scale =
        ((train.leftCols(4).rowwise() - mean).array().square().colwise().sum() / static_cast<double>(train.rows())).sqrt();

    Data data;
    data.train.X = (train.leftCols(4).rowwise() - mean).array().rowwise() / scale.array();
    data.test.X = (test.leftCols(4).rowwise() - mean).array().rowwise() / scale.array();
    data.test_target = test.col(4);
    if (workload.regression) {
        data.target_mean = train.col(4).mean();
        data.target_scale = std::sqrt((train.col(4).array() - data.target_mean).square().mean());
    }
    data.train.y = (train.col(4).array() - data.target_mean) / data.target_scale;
    data.test.y = (test.col(4).array() - data.target_mean) / data.target_scale;
    return data;
}

struct Run {
    double seconds = 0;
    double cpu_seconds = 0;
    std::string metric;
};

// Returns the CPU time this thread has used. On a busy machine it differs from the wall time by
// the time the thread waited for a processor.
double thread_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

Run train_once(const Workload& workload, const Data& data, const bplab::plugins::Registry& registry, std::uint64_t seed) {
    using namespace bplab;
    const auto& activation_plugin = require(registry, PluginKind::activation, "tanh");
    const auto& optimizer_plugin = require(registry, PluginKind::optimizer, workload.optimizer);
    std::unique_ptr<Activation> activation = registry.create_activation(activation_plugin, default_options(activation_plugin.manifest));
    std::unique_ptr<Optimizer> optimizer = registry.create_optimizer(optimizer_plugin, default_options(optimizer_plugin.manifest));

    nn::NetworkSpec spec;
    spec.inputs = 4;
    spec.hidden = workload.hidden;
    spec.hidden_activations.assign(spec.hidden.size(), activation.get());
    spec.hidden_init.assign(spec.hidden.size(), nn::InitKind::xavier);
    spec.outputs = 1;
    spec.output.kind = workload.regression ? nn::OutputKind::identity : nn::OutputKind::sigmoid;
    spec.output.loss = workload.regression ? nn::LossKind::mean_squared_error : nn::LossKind::binary_cross_entropy;
    nn::Network network(spec);
    Random init_random(seed);
    network.initialize(init_random);

    train::TrainSettings settings;
    settings.epochs = workload.epochs;
    settings.batch_size = workload.batch;
    settings.lr = workload.lr;
    const Task task = workload.regression ? Task::regression : Task::binary;
    train::Trainer trainer(network, *optimizer, settings, task, data.target_scale);
    Random shuffle_random(seed + 1);
    const train::Part no_validation;

    const auto started = std::chrono::steady_clock::now();
    const double cpu_started = thread_cpu_seconds();
    const train::TrainResult result = trainer.fit(data.train, no_validation, shuffle_random, {});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double cpu_seconds = thread_cpu_seconds() - cpu_started;
    if (result.status != train::TrainStatus::ok)
        throw std::runtime_error("training ended with: " + result.message);

    Matrix P(data.test.rows(), 1);
    trainer.predict(data.test.X, P);
    char metric[128];
    if (workload.regression) {
        const Vector predicted = P.col(0).array() * data.target_scale + data.target_mean;
        const double residual = (predicted - data.test_target).squaredNorm();
        const double total = (data.test_target.array() - data.test_target.mean()).square().sum();
        std::snprintf(metric, sizeof metric, "rmse=%.4f,r2=%.4f",
                      std::sqrt(residual / static_cast<double>(data.test.rows())), 1.0 - residual / total);
    } else {
        Eigen::Index correct = 0;
        for (Eigen::Index i = 0; i < P.rows(); ++i)
            correct += (P(i, 0) >= 0.5) == (data.test_target(i) > 0.5);
        const double accuracy = static_cast<double>(correct) / static_cast<double>(P.rows());
        if (workload.name == "W3") {
            double per_sample = 0;
            int in = 4;
            for (int size : workload.hidden) {
                per_sample += 2.0 * in * size;
                in = size;
            }
            per_sample += 2.0 * in;
            const double flop = 3.0 * per_sample * static_cast<double>(data.train.rows()) * workload.epochs;
            std::snprintf(metric, sizeof metric, "gflops=%.3f,acc=%.4f", flop / seconds / 1e9, accuracy);
        } else {
            std::snprintf(metric, sizeof metric, "acc=%.4f", accuracy);
        }
    }
    const std::size_t length = std::strlen(metric);
    std::snprintf(metric + length, sizeof metric - length, ",cpu=%.4f", cpu_seconds);
    return {seconds, cpu_seconds, metric};
}

// Trains every trial of the G grid and returns the summed wall and CPU seconds of the fit calls.
Run train_grid(const Workload& base, const Data& data, const bplab::plugins::Registry& registry, long trials) {
    const std::vector<std::vector<int>> hidden{{4}, {8}, {4, 4}, {8, 8}};
    const long seeds = 100;
    const long rates = trials / (static_cast<long>(hidden.size()) * seeds);
    if (rates < 1)
        throw std::invalid_argument("--trials must be at least 400 for G");
    Run total;
    for (const auto& layers : hidden)
        for (long rate = 1; rate <= rates; ++rate)
            for (long seed = 1; seed <= seeds; ++seed) {
                Workload workload = base;
                workload.hidden = layers;
                workload.lr = 0.001 * static_cast<double>(rate);
                const Run run = train_once(workload, data, registry, static_cast<std::uint64_t>(seed));
                total.seconds += run.seconds;
                total.cpu_seconds += run.cpu_seconds;
            }
    return total;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        std::vector<std::string> positional;
        std::filesystem::path plugin_dir = BPLAB_PLUGIN_DIR;
        std::uint64_t seed = 1;
        int repeat = 1;
        long trials = 100000;
        for (int i = 1; i < argc; ++i) {
            const std::string argument = argv[i];
            if ((argument == "--plugins" || argument == "--seed" || argument == "--repeat" || argument == "--trials") &&
                i + 1 < argc) {
                const std::string value = argv[++i];
                if (argument == "--plugins")
                    plugin_dir = value;
                else if (argument == "--seed")
                    seed = std::stoull(value);
                else if (argument == "--trials")
                    trials = std::stol(value);
                else
                    repeat = std::max(1, std::stoi(value));
            } else {
                positional.push_back(argument);
            }
        }
        if (positional.size() != 2) {
            std::fprintf(stderr, "usage: bplab_bench W1|W2|W3|G DATA_DIR [--plugins DIR] [--seed N] [--repeat N] [--trials N]\n");
            return 2;
        }
        const Workload workload = workload_named(positional[0]);
        bplab::plugins::Registry registry;
        registry.add_folder(plugin_dir);
        const Data data = load(workload, positional[1]);
        if (workload.name == "G") {
            const long rates = trials / 400;
            const Run total = train_grid(workload, data, registry, trials);
            std::printf("bplab G %.4f trials=%ld,fit_ms_per_trial=%.4f,cpu=%.4f\n", total.seconds, rates * 400,
                        total.seconds / static_cast<double>(rates * 400) * 1e3, total.cpu_seconds);
            return 0;
        }

        std::vector<Run> runs;
        for (int r = 0; r < repeat; ++r)
            runs.push_back(train_once(workload, data, registry, seed));
        std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return a.seconds < b.seconds; });
        const Run& median = runs[runs.size() / 2];
        std::printf("bplab %s %.4f %s\n", workload.name.c_str(), median.seconds, median.metric.c_str());
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bplab_bench: %s\n", error.what());
        return 2;
    }
}
