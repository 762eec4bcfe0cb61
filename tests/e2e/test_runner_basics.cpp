// The runner's command line: help, version, plugin listing, an unknown key, and overrides.
#define BOOST_TEST_MODULE runner_basics
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

using namespace bplab;

BOOST_AUTO_TEST_CASE(help_and_version) {
    const auto help = testing::run_runner({"--help"});
    BOOST_TEST(help.exit_code == 0);
    BOOST_TEST(help.out.find("Usage: runner EXPERIMENT.yaml") != std::string::npos);
    BOOST_TEST(help.out.find("--jobs") != std::string::npos);
    const auto version = testing::run_runner({"--version"});
    BOOST_TEST(version.exit_code == 0);
    BOOST_TEST(version.out.find("runner (Backprop Lab) ") == 0u);
}

BOOST_AUTO_TEST_CASE(plugins_lists_every_kind) {
    const auto result = testing::run_runner({"plugins"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    for (const char* line : {"activation  tanh", "optimizer   adam", "dataset     banknote", "dataset     csv"})
        BOOST_TEST(result.out.find(line) != std::string::npos, line);
    BOOST_TEST(result.out.find("activation_tanh.so") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_key_fails_with_line_and_column) {
    testing::TempDir dir;
    const auto file = dir.write("typo.yaml",
                                "dataset: {name: synthetic, kind: xor}\n"
                                "training:\n"
                                "  epochs: 5\n"
                                "  bach_size: 8\n");
    const auto result = testing::run_runner({file.string(), "-o", (dir / "out").string()});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + file.string() +
                                 ":4:3: unknown key 'training.bach_size'; did you mean 'batch_size'? The keys in training are: "
                                 "batch_size, early_stopping, epochs, schedule, validation, weight_decay\n");
    BOOST_TEST(!std::filesystem::exists(dir / "out"), "nothing is written for an invalid experiment");
}

BOOST_AUTO_TEST_CASE(synthetic_xor_reaches_full_accuracy) {
    testing::TempDir dir;
    const auto file = dir.write("xor.yaml",
                                "dataset: {name: synthetic, kind: xor, samples: 200, noise: 0.1}\n"
                                "model: {hidden: [4], activation: tanh}\n"
                                "training: {epochs: 60, batch_size: 16}\n"
                                "optimizer: {name: adam, lr: 0.02}\n"
                                "seeds: [1, 2]\n");
    const auto result = testing::run_runner({file.string(), "-o", (dir / "out").string(), "-q"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    const auto summary = testing::read_json(dir / "out" / "summary.json");
    const auto& metrics = summary.at("points").at(0).at("metrics");
    BOOST_TEST(metrics.at("test.accuracy").at("min").to_number<double>() == 1.0);
}

BOOST_AUTO_TEST_CASE(overrides_change_the_grid) {
    testing::TempDir dir;
    const auto result = testing::run_runner({"experiments/banknote_grid.yaml", "--dry-run", "model.activation=relu",
                                             "seeds=[1]", "grid.optimizer.lr=[0.5]"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    BOOST_TEST(result.out.find("trials:     4 (4 grid points × 1 per point") != std::string::npos, result.out);
}
