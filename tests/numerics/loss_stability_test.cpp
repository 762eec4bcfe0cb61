// Output layers and losses stay finite, and exact where the exact value is known, for
// saturated outputs and logits of ±1e4, where a naive exp or log overflows.
#define BOOST_TEST_MODULE numerics_loss
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "nn/loss.hpp"

using namespace bplab;
using bplab::nn::LossKind;
using bplab::nn::OutputKind;
using bplab::nn::OutputSpec;

namespace {

OutputSpec spec_of(OutputKind kind, LossKind loss) {
    OutputSpec spec;
    spec.kind = kind;
    spec.loss = loss;
    return spec;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loss_stability)

BOOST_AUTO_TEST_CASE(sigmoid_cross_entropy_finite_at_huge_logits) {
    const OutputSpec spec = spec_of(OutputKind::sigmoid, LossKind::binary_cross_entropy);
    Matrix Z(4, 1);
    Z << 1e4, -1e4, 1e4, -1e4;
    const double y[] = {1, 0, 0, 1};
    Matrix P(4, 1), dZ(4, 1), scratch(4, 1);
    nn::output_forward(spec, Z, P);
    BOOST_TEST(P(0, 0) == 1.0);
    BOOST_TEST(P(1, 0) == 0.0);

    // Rows 0 and 1 are right with certainty (loss 0); rows 2 and 3 are wrong by a logit of
    // 1e4, so each loses exactly 1e4: mean (0 + 0 + 1e4 + 1e4) / 4 = 5000.
    const double loss = nn::loss_value(spec, Z, P, y);
    BOOST_TEST(std::isfinite(loss));
    BOOST_TEST(loss == 5000.0, boost::test_tools::tolerance(1e-12));

    // dZ = (p - y) / n: 0, 0, 1/4, -1/4.
    nn::loss_gradient(spec, Z, P, y, dZ, scratch);
    BOOST_TEST(dZ(0, 0) == 0.0);
    BOOST_TEST(dZ(1, 0) == 0.0);
    BOOST_TEST(dZ(2, 0) == 0.25);
    BOOST_TEST(dZ(3, 0) == -0.25);
}

BOOST_AUTO_TEST_CASE(softmax_cross_entropy_finite_at_huge_logits) {
    const OutputSpec spec = spec_of(OutputKind::softmax, LossKind::cross_entropy);
    Matrix Z(3, 3);
    Z << 1e4, -1e4, 0,   // right with certainty: loss 0
        -1e4, 1e4, 1e4,  // two equal top logits, the right one among them: loss ln 2
        1e4, 1e4, -1e4;  // wrong by 2e4 against two top logits: loss 2e4 + ln 2
    const double y[] = {0, 1, 2};
    Matrix P(3, 3), dZ(3, 3), scratch(3, 3);
    nn::output_forward(spec, Z, P);
    BOOST_TEST(P.allFinite());
    for (Eigen::Index i = 0; i < 3; ++i)
        BOOST_TEST(P.row(i).sum() == 1.0, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(P(0, 0) == 1.0);
    BOOST_TEST(P(1, 1) == 0.5);

    const double loss = nn::loss_value(spec, Z, P, y);
    BOOST_TEST(std::isfinite(loss));
    BOOST_TEST(loss == (0 + std::log(2.0) + 2e4 + std::log(2.0)) / 3, boost::test_tools::tolerance(1e-12));

    nn::loss_gradient(spec, Z, P, y, dZ, scratch);
    BOOST_TEST(dZ.allFinite());
    // dZ = (P - onehot(y)) / n, so each row sums to 0.
    for (Eigen::Index i = 0; i < 3; ++i)
        BOOST_TEST(dZ.row(i).sum() == 0.0, boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(saturated_outputs_keep_loss_finite) {
    // A saturated sigmoid output (p exactly 0 or 1) under a plugin-free identity output paired
    // with binary cross-entropy is clipped, so ln 0 never appears.
    const OutputSpec spec = spec_of(OutputKind::identity, LossKind::binary_cross_entropy);
    Matrix Z(2, 1);
    Z << 1.0, 0.0;
    const double y[] = {0, 1};
    Matrix P = Z;
    const double loss = nn::loss_value(spec, Z, P, y);
    BOOST_TEST(std::isfinite(loss));
    // Both rows are wrong with p clipped to 1e-15 from the bound: -ln(1e-15) each, about 34.54.
    BOOST_TEST(loss == -std::log(1e-15), boost::test_tools::tolerance(1e-3));
}

BOOST_AUTO_TEST_CASE(mse_finite_for_large_errors) {
    const OutputSpec spec = spec_of(OutputKind::identity, LossKind::mean_squared_error);
    Matrix Z(2, 1);
    Z << 1e4, -1e4;
    const double y[] = {-1e4, 1e4};
    Matrix P = Z, dZ(2, 1), scratch(2, 1);
    // Each error is 2e4, so the mean squared error is 4e8.
    BOOST_TEST(nn::loss_value(spec, Z, P, y) == 4e8);
    nn::loss_gradient(spec, Z, P, y, dZ, scratch);
    // dZ = 2 (p - y) / n = ±2e4.
    BOOST_TEST(dZ(0, 0) == 2e4);
    BOOST_TEST(dZ(1, 0) == -2e4);
}

BOOST_AUTO_TEST_SUITE_END()
