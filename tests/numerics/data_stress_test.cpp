// Data that strains the numerics, run through the real runner: a constant feature column, a
// batch larger than the training part, and regression targets in the hundreds.
#define BOOST_TEST_MODULE numerics_data
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <fmt/format.h>

#include "test_support.hpp"

using namespace bplab::testing;

namespace {

// Runs an experiment and returns its only trial file.
boost::json::object run_single_trial(const TempDir& folder, const std::string& name, const std::string& yaml) {
    const auto experiment = folder.write(name + ".yaml", yaml);
    const auto output = folder / ("out-" + name);
    const auto result = run_runner({experiment.string(), "-o", output.string(), "-j", "1", "-q"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    for (const auto& entry : std::filesystem::directory_iterator(output / "trials"))
        return read_json(entry.path()).as_object();
    BOOST_FAIL("no trial file in " << output);
    return {};
}

double metric(const boost::json::object& trial, const char* part, const char* name) {
    return trial.at("metrics").at(part).at(name).to_number<double>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_stress)

BOOST_AUTO_TEST_CASE(constant_column_scales_to_zero) {
    const TempDir folder;
    // The class is the sign of x; the column 'constant' has standard deviation 0, so scaling
    // by it would divide by zero.
    std::string csv = "x,constant,class\n";
    for (int i = 0; i < 200; ++i) {
        const double x = (i - 99.5) / 50.0;
        csv += fmt::format("{},1234.5,{}\n", x, x > 0 ? 1 : 0);
    }
    folder.write("constant.csv", csv);
    const auto trial = run_single_trial(folder, "constant", fmt::format(R"(dataset: {{name: csv, path: {}, target: class}}
model: {{hidden: [4]}}
training: {{epochs: 30, batch_size: 16}}
optimizer: {{name: adam, lr: 0.05}}
)", (folder / "constant.csv").string()));
    BOOST_TEST(std::string(trial.at("status").as_string()) == "ok");
    // With the constant column scaled to zeros instead of NaN, the sign of x is learned.
    BOOST_TEST(metric(trial, "test", "accuracy") >= 0.95);
    BOOST_TEST(std::isfinite(metric(trial, "train", "loss")));
}

BOOST_AUTO_TEST_CASE(batch_larger_than_training_part_is_one_batch) {
    const TempDir folder;
    const std::string base = R"(dataset: {name: synthetic, kind: xor, samples: 120}
model: {hidden: [8]}
training: {epochs: 20, batch_size: BATCH}
optimizer: {name: sgd, lr: 0.5}
)";
    auto with_batch = [&](const std::string& batch) {
        std::string yaml = base;
        yaml.replace(yaml.find("BATCH"), 5, batch);
        return yaml;
    };
    const auto huge = run_single_trial(folder, "huge", with_batch("1000000"));
    const auto full = run_single_trial(folder, "full", with_batch("full"));
    const auto exact = run_single_trial(folder, "exact", with_batch("96"));  // 120 rows, 20% test
    BOOST_TEST(std::string(huge.at("status").as_string()) == "ok");
    BOOST_TEST(huge.at("data").at("rows").at("train").as_int64() == 96);
    // One full batch per epoch: the same updates, so the same history and metrics, bit for bit.
    BOOST_TEST(boost::json::serialize(huge.at("history")) == boost::json::serialize(full.at("history")));
    BOOST_TEST(boost::json::serialize(huge.at("metrics")) == boost::json::serialize(full.at("metrics")));
    BOOST_TEST(boost::json::serialize(huge.at("history")) == boost::json::serialize(exact.at("history")));
}

BOOST_AUTO_TEST_CASE(targets_in_hundreds_train_as_well_as_small_ones) {
    const TempDir folder;
    // y = sin(x) and y = 500 + 100 sin(x) on the same x: standardising the target makes the two
    // problems the same up to an affine map, so R² must agree.
    std::string small = "x,y\n", large = "x,y\n";
    for (int i = 0; i < 300; ++i) {
        const double x = -3.0 + 6.0 * i / 299.0;
        small += fmt::format("{},{}\n", x, std::sin(x));
        large += fmt::format("{},{}\n", x, 500.0 + 100.0 * std::sin(x));
    }
    folder.write("small.csv", small);
    folder.write("large.csv", large);
    const std::string yaml = R"(dataset: {{name: csv, path: {}, target: y, task: regression}}
model: {{hidden: [16], activation: tanh}}
training: {{epochs: 150, batch_size: 16}}
optimizer: {{name: adam, lr: 0.01}}
)";
    const auto small_trial = run_single_trial(folder, "small", fmt::format(fmt::runtime(yaml), (folder / "small.csv").string()));
    const auto large_trial = run_single_trial(folder, "large", fmt::format(fmt::runtime(yaml), (folder / "large.csv").string()));
    const double small_r2 = metric(small_trial, "test", "r2");
    const double large_r2 = metric(large_trial, "test", "r2");
    BOOST_TEST(small_r2 > 0.98);
    BOOST_TEST(large_r2 > 0.98);
    BOOST_TEST(std::abs(small_r2 - large_r2) < 1e-6);
    // RMSE is reported in the target's own unit: 100 times larger for the scaled target.
    BOOST_TEST(metric(large_trial, "test", "rmse") == 100 * metric(small_trial, "test", "rmse"),
               boost::test_tools::tolerance(1e-4));
}

BOOST_AUTO_TEST_SUITE_END()
