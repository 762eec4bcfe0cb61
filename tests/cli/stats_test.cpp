// The statistics behind `runner compare`: Student t intervals, Welch's and the paired t-test,
// each against a case worked by hand. The expected values were checked with SciPy 1.10
// (scipy.stats.ttest_ind(b, a, equal_var=False), ttest_rel(b, a), t.ppf).
#define BOOST_TEST_MODULE stats
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <ostream>
#include <stdexcept>

#include "experiment/stats.hpp"

namespace bplab::experiment {
// Lets Boost.Test print a TestKind in a failure message.
std::ostream& operator<<(std::ostream& out, TestKind kind) { return out << to_string(kind); }
}  // namespace bplab::experiment

using namespace bplab::experiment;

BOOST_AUTO_TEST_SUITE(stats)

BOOST_AUTO_TEST_CASE(mean_interval_matches_hand_computation) {
    // values 1, 2, 3, 4: mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, so
    // s² = 5 / 3 and s = 1.2909944. t(0.975, 3 dof) = 3.1824463, so the half width is
    // 3.1824463 · 1.2909944 / √4 = 2.0542603 and the interval [0.4457397, 4.5542603].
    const MeanInterval m = mean_interval({1, 2, 3, 4});
    BOOST_TEST(m.n == 4u);
    BOOST_TEST(m.mean == 2.5, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(m.std == std::sqrt(5.0 / 3.0), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(m.low == 0.445739743239121, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(m.high == 4.5542602567608785, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(mean_interval_other_confidence) {
    // 90%: t(0.95, 3 dof) = 2.3533634, half width 2.3533634 · 1.2909944 / 2 = 1.5190775.
    const MeanInterval m = mean_interval({1, 2, 3, 4}, 0.90);
    BOOST_TEST(m.low == 2.5 - 2.3533634348018264 * std::sqrt(5.0 / 3.0) / 2, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(m.high == 2.5 + 2.3533634348018264 * std::sqrt(5.0 / 3.0) / 2, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(mean_interval_single_value) {
    const MeanInterval m = mean_interval({0.75});
    BOOST_TEST(m.mean == 0.75);
    BOOST_TEST(m.std == 0.0);
    BOOST_TEST(std::isnan(m.low));
    BOOST_TEST(std::isnan(m.high));
}

BOOST_AUTO_TEST_CASE(mean_interval_rejects_bad_input) {
    BOOST_CHECK_THROW(mean_interval({}), std::invalid_argument);
    BOOST_CHECK_THROW(mean_interval({1, 2}, 1.0), std::invalid_argument);
    BOOST_CHECK_THROW(mean_interval({1, 2}, 0.0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(welch_matches_hand_computation) {
    // a = 1, 2, 3, 4:     mean 2.5, s² = 5/3, s²/n = 5/12 = 0.4166667
    // b = 3, 5, 7, 9, 11: mean 7, squared deviations 16 + 4 + 0 + 4 + 16 = 40, s² = 10,
    //                     s²/n = 2
    // t = (7 − 2.5) / √(0.4166667 + 2) = 4.5 / 1.5545632 = 2.8947038
    // dof = 2.4166667² / (0.4166667² / 3 + 2² / 4) = 5.8402778 / 1.0578704 = 5.5207877
    // p = 2 · P(T > 2.8947038) with 5.52 dof = 0.0302862
    const TTest test = welch_test({1, 2, 3, 4}, {3, 5, 7, 9, 11});
    BOOST_TEST(test.kind == TestKind::welch);
    BOOST_TEST(test.n_a == 4u);
    BOOST_TEST(test.n_b == 5u);
    BOOST_TEST(test.difference == 4.5, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(test.t == 2.8947038440620463, boost::test_tools::tolerance(1e-10));
    BOOST_TEST(test.dof == 5.520787746170677, boost::test_tools::tolerance(1e-10));
    BOOST_TEST(test.p == 0.030286153937034273, boost::test_tools::tolerance(1e-8));
}

BOOST_AUTO_TEST_CASE(welch_is_antisymmetric) {
    // Swapping the samples negates the difference and t and keeps dof and p.
    const TTest forward = welch_test({1, 2, 3, 4}, {3, 5, 7, 9, 11});
    const TTest backward = welch_test({3, 5, 7, 9, 11}, {1, 2, 3, 4});
    BOOST_TEST(backward.difference == -forward.difference, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(backward.t == -forward.t, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(backward.dof == forward.dof, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(backward.p == forward.p, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(paired_matches_hand_computation) {
    // d = b − a = 0.02, 0.03, 0.01, 0.05: mean 0.0275; deviations −0.0075, 0.0025, −0.0175,
    // 0.0225, squares sum to 0.000875, so s_d² = 0.000875 / 3 = 0.00029167, s_d = 0.0170783.
    // t = 0.0275 / (0.0170783 / √4) = 3.2204702 with 3 dof; p = 0.0485669.
    const TTest test = paired_test({0.80, 0.85, 0.90, 0.75}, {0.82, 0.88, 0.91, 0.80});
    BOOST_TEST(test.kind == TestKind::paired);
    BOOST_TEST(test.difference == 0.0275, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(test.t == 3.2204702407301533, boost::test_tools::tolerance(1e-8));
    BOOST_TEST(test.dof == 3.0);
    BOOST_TEST(test.p == 0.04856685655980124, boost::test_tools::tolerance(1e-7));
}

BOOST_AUTO_TEST_CASE(paired_and_welch_differ_on_same_data) {
    // The same numbers unpaired: the trial-to-trial spread (s ≈ 0.065) swamps the shift of
    // 0.0275, so Welch's test finds nothing where the paired test finds p < 0.05.
    const TTest welch = welch_test({0.80, 0.85, 0.90, 0.75}, {0.82, 0.88, 0.91, 0.80});
    BOOST_TEST(welch.kind == TestKind::welch);
    BOOST_TEST(welch.difference == 0.0275, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(welch.p > 0.5);
}

BOOST_AUTO_TEST_CASE(paired_rejects_different_lengths) {
    BOOST_CHECK_THROW(paired_test({1, 2, 3}, {1, 2}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(zero_spread_equal_means) {
    // Every trial at accuracy 1 on both sides: no difference, p = 1.
    const TTest welch = welch_test({1, 1, 1}, {1, 1, 1});
    BOOST_TEST(welch.kind == TestKind::welch);
    BOOST_TEST(welch.t == 0.0);
    BOOST_TEST(welch.dof == 4.0);
    BOOST_TEST(welch.p == 1.0);
    const TTest paired = paired_test({0.5, 0.7, 0.9}, {0.5, 0.7, 0.9});
    BOOST_TEST(paired.t == 0.0);
    BOOST_TEST(paired.dof == 2.0);
    BOOST_TEST(paired.p == 1.0);
}

BOOST_AUTO_TEST_CASE(zero_spread_different_means) {
    const TTest welch = welch_test({1, 1}, {2, 2});
    BOOST_TEST(std::isinf(welch.t));
    BOOST_TEST(welch.t > 0);
    BOOST_TEST(welch.p == 0.0);
    // Every pair differs by the same amount: the paired test is certain.
    const TTest paired = paired_test({0.5, 0.6, 0.7}, {0.4, 0.5, 0.6});
    BOOST_TEST(std::isinf(paired.t));
    BOOST_TEST(paired.t < 0);
    BOOST_TEST(paired.p == 0.0);
}

BOOST_AUTO_TEST_CASE(one_side_without_spread) {
    // a = 1, 1, 1 has s² = 0, so dof = (0 + v_b)² / (0 + v_b² / (n_b − 1)) = n_b − 1 = 3.
    // b = 2, 3, 4, 5: mean 3.5, s² = 5/3, v_b = 5/12; t = 2.5 / √(5/12) = 3.8729833.
    const TTest test = welch_test({1, 1, 1}, {2, 3, 4, 5});
    BOOST_TEST(test.dof == 3.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(test.t == 2.5 / std::sqrt(5.0 / 12.0), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(test.p == two_sided_p(test.t, 3.0), boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(too_few_values) {
    const TTest welch = welch_test({0.9}, {0.8, 0.85});
    BOOST_TEST(welch.kind == TestKind::none);
    BOOST_TEST(welch.reason == "needs at least 2 trials on each side");
    BOOST_TEST(welch.difference == -0.075, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(std::isnan(welch.p));
    const TTest paired = paired_test({0.9}, {0.8});
    BOOST_TEST(paired.kind == TestKind::none);
    BOOST_TEST(paired.reason == "needs at least 2 pairs");
    BOOST_TEST(std::isnan(paired.t));
}

BOOST_AUTO_TEST_CASE(two_sided_p_values) {
    // 2 · P(T > 2) with 10 dof = 0.0733880 (SciPy: 2 * t.sf(2, 10)).
    BOOST_TEST(two_sided_p(2.0, 10) == 0.07338803477074039, boost::test_tools::tolerance(1e-10));
    BOOST_TEST(two_sided_p(-2.0, 10) == 0.07338803477074039, boost::test_tools::tolerance(1e-10));
    BOOST_TEST(two_sided_p(0.0, 5) == 1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(two_sided_p(std::numeric_limits<double>::infinity(), 5) == 0.0);
    BOOST_TEST(std::isnan(two_sided_p(1.0, 0.0)));
}

BOOST_AUTO_TEST_CASE(test_kind_names) {
    BOOST_TEST(std::string(to_string(TestKind::paired)) == "paired");
    BOOST_TEST(std::string(to_string(TestKind::welch)) == "welch");
    BOOST_TEST(std::string(to_string(TestKind::none)) == "none");
}

BOOST_AUTO_TEST_SUITE_END()
