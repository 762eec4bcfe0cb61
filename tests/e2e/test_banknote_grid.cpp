// The main job end to end: the banknote grid through the real runner, its accuracy bar, and
// bit-for-bit equal results whatever the number of threads.
#define BOOST_TEST_MODULE banknote_grid
#include <boost/test/unit_test.hpp>

#include <set>

#include "test_support.hpp"

using namespace bplab;

namespace {

// Drops what may differ between two runs of the same trial: the wall time.
boost::json::object without_timing(boost::json::object trial) {
    trial.erase("timing");
    return trial;
}

}  // namespace

BOOST_AUTO_TEST_CASE(best_point_reaches_99_percent) {
    testing::TempDir out;
    const auto result = testing::run_runner({"experiments/banknote_grid.yaml", "-o", out.path().string(), "-j", "2"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);

    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(out / "trials"))
        files += entry.path().extension() == ".json";
    BOOST_TEST(files == 72u);

    const auto summary = testing::read_json(out / "summary.json").as_object();
    BOOST_TEST(summary.at("format").as_string() == "bplab.summary/1");
    BOOST_TEST(summary.at("trials").at("ok").to_number<int>() == 72);
    const auto& best = summary.at("points").as_array().at(0).as_object();
    BOOST_TEST(best.at("rank").to_number<int>() == 1);
    BOOST_TEST(best.at("n").to_number<int>() == 3);
    const double accuracy = best.at("metrics").at("test.accuracy").at("mean").to_number<double>();
    BOOST_TEST(accuracy >= 0.99, "best mean test accuracy " << accuracy);

    // The printed table names the best point and where the files went.
    BOOST_TEST(result.out.find("rank  test.accuracy (mean ± std)") != std::string::npos);
    BOOST_TEST(result.out.find((out / "summary.json").string()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_and_two_threads_give_identical_files) {
    testing::TempDir one, two;
    const auto first = testing::run_runner({"experiments/banknote_grid.yaml", "-o", one.path().string(), "-j", "1", "-q"});
    const auto second = testing::run_runner({"experiments/banknote_grid.yaml", "-o", two.path().string(), "-j", "2", "-q"});
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
    BOOST_TEST_REQUIRE(second.exit_code == 0, second.err);

    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(one / "trials"))
        names.insert(entry.path().filename().string());
    BOOST_TEST(names.size() == 72u);
    for (const auto& name : names) {
        BOOST_TEST_REQUIRE(std::filesystem::exists(two / "trials" / name), name);
        const auto a = without_timing(testing::read_json(one / "trials" / name).as_object());
        const auto b = without_timing(testing::read_json(two / "trials" / name).as_object());
        // JSON numbers are written with the shortest text that reads back to the same double,
        // so equal objects mean equal bits.
        BOOST_TEST((a == b), "trial " << name << " differs between -j 1 and -j 2");
    }
    BOOST_TEST((testing::read_json(one / "summary.json") == testing::read_json(two / "summary.json")));
}
