// The shipped experiments reach their bars: banknote_cv and spirals whole, and the power
// plant grid's best point alone through overrides (its whole grid takes too long for a test).
#define BOOST_TEST_MODULE experiments
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

using namespace bplab;

namespace {

// Runs an experiment into a temporary folder and returns the best point of its summary.
boost::json::object best_point(const std::vector<std::string>& arguments, const testing::TempDir& out) {
    std::vector<std::string> all = arguments;
    all.insert(all.end(), {"-o", out.path().string(), "-q"});
    const auto result = testing::run_runner(all);
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    const auto summary = testing::read_json(out / "summary.json").as_object();
    BOOST_TEST_REQUIRE(summary.at("trials").at("failed").to_number<int>() == 0);
    return summary.at("points").as_array().at(0).as_object();
}

double mean_of(const boost::json::object& point, const char* metric) {
    return point.at("metrics").at(metric).at("mean").to_number<double>();
}

}  // namespace

BOOST_AUTO_TEST_CASE(banknote_cv_reaches_99_5_percent) {
    testing::TempDir out;
    const auto best = best_point({"experiments/banknote_cv.yaml"}, out);
    // 2 seeds × 5 folds per point.
    BOOST_TEST(best.at("n").to_number<int>() == 10);
    BOOST_TEST(mean_of(best, "test.accuracy") >= 0.995, "mean test accuracy " << mean_of(best, "test.accuracy"));
}

BOOST_AUTO_TEST_CASE(spirals_reach_95_percent) {
    testing::TempDir out;
    const auto best = best_point({"experiments/spirals.yaml"}, out);
    BOOST_TEST(mean_of(best, "test.accuracy") >= 0.95, "mean test accuracy " << mean_of(best, "test.accuracy"));
    BOOST_TEST(best.at("metrics").as_object().contains("test.macro_f1"));
}

BOOST_AUTO_TEST_CASE(ccpp_best_point_reaches_3_75_mw) {
    testing::TempDir out;
    const auto best = best_point({"experiments/ccpp_grid.yaml", "model.activation=gelu", "model.hidden=[128,128]", "optimizer.lr=0.003"}, out);
    BOOST_TEST(best.at("n").to_number<int>() == 5);
    BOOST_TEST(mean_of(best, "test.rmse") <= 3.75, "mean test RMSE " << mean_of(best, "test.rmse") << " MW");
    BOOST_TEST(mean_of(best, "test.r2") > 0.95);
}
