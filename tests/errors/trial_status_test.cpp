// Trials that go wrong are recorded and the grid goes on: a loss that becomes NaN or infinite
// is `diverged` with its epoch, a plugin exception is `failed` with its message, and a trial
// past --trial-timeout is `timeout`. No NaN or infinity is ever written, the summary counts
// each status, and the exit code is 1 only for failed or timed-out trials.
#define BOOST_TEST_MODULE errors_trial_status
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>
#include <string>

#include "error_support.hpp"

using namespace bplab::testing;

namespace {

const std::string throwing_plugins = (std::filesystem::path(BPLAB_TEST_PLUGIN_DIR) / "throwing").string();

// Fails the test for any non-finite number anywhere in the value.
void check_all_finite(const boost::json::value& value, const std::string& path) {
    switch (value.kind()) {
    case boost::json::kind::double_:
        BOOST_TEST(std::isfinite(value.get_double()), path << " is not finite");
        break;
    case boost::json::kind::array: {
        const auto& array = value.get_array();
        for (std::size_t i = 0; i < array.size(); ++i)
            check_all_finite(array[i], path + "[" + std::to_string(i) + "]");
        break;
    }
    case boost::json::kind::object:
        for (const auto& [key, item] : value.get_object())
            check_all_finite(item, path + "." + std::string(key));
        break;
    default: break;
    }
}

// Returns the trial files of a results folder, keyed by the grid point's label text.
std::vector<boost::json::object> read_trials(const std::filesystem::path& output) {
    std::vector<boost::json::object> trials;
    for (const auto& entry : std::filesystem::directory_iterator(output / "trials")) {
        const std::string text = read_text(entry.path());
        // Boost.JSON writes an infinity as 1e99999 and would fail to write a NaN; neither may appear.
        BOOST_TEST(text.find("e99999") == std::string::npos, entry.path());
        const auto value = boost::json::parse(text);
        check_all_finite(value, entry.path().filename().string());
        for (const auto& [part, metrics] : value.at("metrics").as_object())
            for (const auto& [name, metric] : metrics.as_object())
                BOOST_TEST(metric.is_number(), entry.path() << ": metrics." << part << "." << name << " is not a number");
        trials.push_back(value.as_object());
    }
    return trials;
}

std::string status_of(const boost::json::object& trial) { return std::string(trial.at("status").as_string()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(trial_status)

BOOST_AUTO_TEST_CASE(grid_records_each_status_and_goes_on) {
    const TempDir folder;
    // With ReLU and a learning rate of 1e6 the regression's weights overflow within an epoch or two.
    const auto experiment = folder.write("mixed.yaml", R"(dataset: {name: synthetic, kind: sine, samples: 100}
model: {hidden: [8], activation: relu}
training: {epochs: 20}
optimizer: {name: sgd, lr: 0.1}
grid:
  model.activation: [relu, throwing]
  optimizer.lr: [0.01, 1e6]
)");
    const auto output = folder / "out";
    const auto result = run_runner({experiment.string(), "-o", output.string(), "-j", "2", "--plugins", throwing_plugins});
    BOOST_TEST(result.exit_code == 1, result.err);
    BOOST_TEST(result.out.find("finished 4 trials in ") != std::string::npos, result.out);
    BOOST_TEST(result.out.find(": 1 ok, 1 diverged, 2 failed, 0 timed out") != std::string::npos, result.out);

    std::map<std::string, int> statuses;
    for (const auto& trial : read_trials(output)) {
        const std::string activation(trial.at("point").at("model.activation").as_string());
        const double lr = trial.at("point").at("optimizer.lr").to_number<double>();
        ++statuses[status_of(trial)];
        if (activation == "throwing") {
            BOOST_TEST(status_of(trial) == "failed");
            BOOST_TEST(std::string(trial.at("error").as_string()) == "the throwing activation always throws");
        } else if (lr == 1e6) {
            BOOST_TEST(status_of(trial) == "diverged");
            const std::int64_t epoch = trial.at("epochs_run").as_int64();
            const std::string error(trial.at("error").as_string());
            BOOST_TEST((error == "the training loss became NaN in epoch " + std::to_string(epoch) ||
                        error == "the training loss became infinite in epoch " + std::to_string(epoch)),
                       error);
            BOOST_TEST(trial.at("metrics").as_object().empty());
        } else {
            BOOST_TEST(status_of(trial) == "ok");
            BOOST_TEST(trial.at("error").is_null());
            BOOST_TEST(trial.at("metrics").at("test").at("rmse").to_number<double>() > 0.0);
        }
    }
    BOOST_TEST(statuses["ok"] == 1);
    BOOST_TEST(statuses["diverged"] == 1);
    BOOST_TEST(statuses["failed"] == 2);

    const auto summary = read_json(output / "summary.json").as_object();
    BOOST_TEST(summary.at("trials").at("ok").as_int64() == 1);
    BOOST_TEST(summary.at("trials").at("diverged").as_int64() == 1);
    BOOST_TEST(summary.at("trials").at("failed").as_int64() == 2);
    check_all_finite(summary, "summary");
}

BOOST_AUTO_TEST_CASE(diverged_only_exits_zero) {
    const TempDir folder;
    const auto experiment = folder.write("diverge.yaml", R"(dataset: {name: synthetic, kind: sine, samples: 100}
model: {activation: relu}
training: {epochs: 20}
optimizer: {name: sgd, lr: 1e6}
seeds: [1, 2]
)");
    const auto output = folder / "out";
    const auto result = run_runner({experiment.string(), "-o", output.string(), "-q"});
    BOOST_TEST(result.exit_code == 0, result.err);
    for (const auto& trial : read_trials(output))
        BOOST_TEST(status_of(trial) == "diverged");
}

BOOST_AUTO_TEST_CASE(trial_timeout_is_recorded) {
    const TempDir folder;
    // About a minute of training per trial; the timeout ends each after 0.3 s.
    const auto experiment = folder.write("slow.yaml", R"(dataset: {name: synthetic, kind: moons, samples: 2000}
model: {hidden: [32, 32]}
training: {epochs: 100000}
seeds: [1, 2]
)");
    const auto output = folder / "out";
    const auto started = std::chrono::steady_clock::now();
    const auto result = run_runner({experiment.string(), "-o", output.string(), "-j", "2", "--trial-timeout", "0.3"});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    BOOST_TEST(result.exit_code == 1, result.err);
    BOOST_TEST(seconds < 20.0);
    BOOST_TEST(result.out.find(": 0 ok, 0 diverged, 0 failed, 2 timed out") != std::string::npos, result.out);
    for (const auto& trial : read_trials(output)) {
        BOOST_TEST(status_of(trial) == "timeout");
        const std::string error(trial.at("error").as_string());
        BOOST_TEST(error.rfind("exceeded the trial time limit in epoch ", 0) == 0, error);
    }
    const auto summary = read_json(output / "summary.json").as_object();
    BOOST_TEST(summary.at("trials").at("timeout").as_int64() == 2);
}

BOOST_AUTO_TEST_CASE(fail_fast_stops_at_first_failure) {
    const TempDir folder;
    const auto experiment = folder.write("failing.yaml", R"(dataset: {name: synthetic, kind: xor, samples: 100}
model: {activation: throwing}
training: {epochs: 5}
seeds: [1, 2, 3, 4, 5, 6]
)");
    const auto output = folder / "out";
    const auto result =
        run_runner({experiment.string(), "-o", output.string(), "-j", "1", "--fail-fast", "--plugins", throwing_plugins});
    BOOST_TEST(result.exit_code == 1, result.err);
    BOOST_TEST(result.out.find(", 5 not run") != std::string::npos, result.out);
    const auto trials = read_trials(output);
    BOOST_TEST(trials.size() == 1u);
    const auto summary = read_json(output / "summary.json").as_object();
    BOOST_TEST(summary.at("trials").at("failed").as_int64() == 1);

    // Without --fail-fast every trial runs.
    const auto all = run_runner({experiment.string(), "-o", (folder / "all").string(), "-j", "1", "-q", "--plugins", throwing_plugins});
    BOOST_TEST(all.exit_code == 1);
    BOOST_TEST(read_trials(folder / "all").size() == 6u);
}

BOOST_AUTO_TEST_SUITE_END()
