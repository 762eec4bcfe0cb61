// The tanh plugin evaluates tanh with its own vectorized expm1 rather than the C library's
// tanh. These checks bound its difference from std::tanh and pin the special values.
#define BOOST_TEST_MODULE tanh_accuracy
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "bplab/random.hpp"
#include "test_support.hpp"

namespace {

std::unique_ptr<bplab::Activation> make_tanh() {
    const auto& registry = bplab::testing::built_plugins();
    const auto* plugin = registry.find(bplab::PluginKind::activation, "tanh");
    BOOST_REQUIRE(plugin != nullptr);
    return registry.create_activation(*plugin, bplab::Options{});
}

// Returns |a - b| in units of the last place of b.
double ulps(double a, double b) {
    if (a == b)
        return 0;
    const double ulp = std::nextafter(std::fabs(b), std::numeric_limits<double>::infinity()) - std::fabs(b);
    return std::fabs(a - b) / ulp;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tanh_plugin)

BOOST_AUTO_TEST_CASE(forward_within_four_ulps_of_std_tanh) {
    const auto tanh = make_tanh();
    // Per binade from 2^-31 to 2^6, random magnitudes with both signs, 37 rows of 4000.
    bplab::Random random(7);
    bplab::Matrix Z(37, 4000);
    for (Eigen::Index i = 0; i < Z.rows(); ++i)
        for (Eigen::Index j = 0; j < Z.cols(); ++j) {
            const double magnitude = std::ldexp(1.0 + random.uniform(), static_cast<int>(i) - 31);
            Z(i, j) = j % 2 == 0 ? magnitude : -magnitude;
        }
    bplab::Matrix A(Z.rows(), Z.cols());
    tanh->forward(Z, A);

    double worst = 0;
    double worst_z = 0;
    for (Eigen::Index i = 0; i < Z.rows(); ++i)
        for (Eigen::Index j = 0; j < Z.cols(); ++j) {
            const double error = ulps(A(i, j), std::tanh(Z(i, j)));
            if (error > worst) {
                worst = error;
                worst_z = Z(i, j);
            }
        }
    BOOST_TEST_MESSAGE("largest difference " << worst << " ulp at z = " << worst_z);
    BOOST_TEST(worst <= 4.0);
}

BOOST_AUTO_TEST_CASE(forward_special_values) {
    const auto tanh = make_tanh();
    const double inf = std::numeric_limits<double>::infinity();
    bplab::Matrix Z(1, 9);
    Z << 0.0, -0.0, 1e-300, -5e-324, 20.0, -25.0, 1e300, inf, -inf;
    bplab::Matrix A(1, 9);
    tanh->forward(Z, A);
    BOOST_TEST(A(0, 0) == 0.0);
    BOOST_TEST(!std::signbit(A(0, 0)));
    BOOST_TEST(A(0, 1) == 0.0);
    BOOST_TEST(std::signbit(A(0, 1)));
    BOOST_TEST(A(0, 2) == 1e-300);
    BOOST_TEST(A(0, 3) == -5e-324);
    BOOST_TEST(A(0, 4) == 1.0);
    BOOST_TEST(A(0, 5) == -1.0);
    BOOST_TEST(A(0, 6) == 1.0);
    BOOST_TEST(A(0, 7) == 1.0);
    BOOST_TEST(A(0, 8) == -1.0);

    bplab::Matrix nan(1, 1);
    nan(0, 0) = std::numeric_limits<double>::quiet_NaN();
    bplab::Matrix out(1, 1);
    tanh->forward(nan, out);
    BOOST_TEST(std::isnan(out(0, 0)));
}

BOOST_AUTO_TEST_CASE(forward_in_place_and_on_row_blocks) {
    // Z and A may be the same matrix, and views of the first rows of a wider buffer.
    const auto tanh = make_tanh();
    bplab::Matrix Z(5, 7);
    for (Eigen::Index i = 0; i < Z.rows(); ++i)
        for (Eigen::Index j = 0; j < Z.cols(); ++j)
            Z(i, j) = 0.37 * static_cast<double>(i * 7 + j) - 6.0;
    const bplab::Matrix original = Z;
    tanh->forward(Z.topRows(3), Z.topRows(3));
    for (Eigen::Index i = 0; i < Z.rows(); ++i)
        for (Eigen::Index j = 0; j < Z.cols(); ++j) {
            const double expected = i < 3 ? std::tanh(original(i, j)) : original(i, j);
            BOOST_TEST(ulps(Z(i, j), expected) <= 4.0, "row " << i << ", column " << j);
        }
}

BOOST_AUTO_TEST_CASE(backward_uses_output) {
    // dZ = dA (1 - A²): with A = 0.5 and dA = 2, dZ = 2 · 0.75 = 1.5.
    const auto tanh = make_tanh();
    bplab::Matrix Z = bplab::Matrix::Constant(2, 3, std::atanh(0.5));
    bplab::Matrix A = bplab::Matrix::Constant(2, 3, 0.5);
    bplab::Matrix dA = bplab::Matrix::Constant(2, 3, 2.0);
    bplab::Matrix dZ(2, 3);
    tanh->backward(Z, A, dA, dZ);
    for (Eigen::Index i = 0; i < dZ.rows(); ++i)
        for (Eigen::Index j = 0; j < dZ.cols(); ++j)
            BOOST_TEST(dZ(i, j) == 1.5);
}

BOOST_AUTO_TEST_SUITE_END()
