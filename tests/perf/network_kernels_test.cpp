// The network computes products of layers whose width is a multiple of 8 (up to 256 units, or
// 64 in a build for a processor with AVX2 but not AVX-512) with its own kernels instead of
// Eigen's product. These checks
// compare the network's outputs and gradients, for widths on both paths and batch sizes that
// leave partial blocks of rows, with a direct Eigen transcription of the same formulas.
#define BOOST_TEST_MODULE network_kernels
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "bplab/random.hpp"
#include "nn/network.hpp"
#include "test_support.hpp"

namespace {

using namespace bplab;

struct Reference {
    Matrix output;
    std::vector<double> gradients;
};

// Computes the outputs and the gradients of the mean squared error of a tanh network with an
// identity output, from the network's parameter layout: per layer W (in, out) row-major, then b.
Reference reference(const std::vector<int>& sizes, const std::vector<double>& parameters, const Matrix& X, const Vector& y) {
    const Eigen::Index n = X.rows();
    std::vector<Matrix> weights;
    std::vector<Eigen::RowVectorXd> biases;
    std::vector<Matrix> activations{X};
    std::size_t offset = 0;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        const int in = sizes[l], out = sizes[l + 1];
        weights.push_back(Eigen::Map<const Matrix>(parameters.data() + offset, in, out));
        offset += static_cast<std::size_t>(in * out);
        biases.push_back(Eigen::Map<const Eigen::RowVectorXd>(parameters.data() + offset, out));
        offset += static_cast<std::size_t>(out);
        Matrix Z = activations.back() * weights.back();
        Z.rowwise() += biases.back();
        const bool output_layer = l + 2 == sizes.size();
        activations.push_back(output_layer ? Z : Matrix(Z.array().tanh()));
    }

    Reference result;
    result.output = activations.back();
    result.gradients.assign(parameters.size(), 0.0);
    // dZ of the output: 2 (p - y) / n.
    Matrix dZ = 2.0 * (activations.back().col(0) - y) / static_cast<double>(n);
    for (std::size_t l = weights.size(); l-- > 0;) {
        const Matrix dW = activations[l].transpose() * dZ;
        const Eigen::RowVectorXd db = dZ.colwise().sum();
        std::size_t layer_offset = 0;
        for (std::size_t k = 0; k < l; ++k)
            layer_offset += static_cast<std::size_t>(sizes[k] * sizes[k + 1] + sizes[k + 1]);
        Eigen::Map<Matrix>(result.gradients.data() + layer_offset, dW.rows(), dW.cols()) = dW;
        Eigen::Map<Eigen::RowVectorXd>(result.gradients.data() + layer_offset + dW.size(), db.size()) = db;
        if (l == 0)
            break;
        const Matrix dA = dZ * weights[l].transpose();
        dZ = dA.array() * (1.0 - activations[l].array().square());
    }
    return result;
}

void check_against_reference(const std::vector<int>& hidden, Eigen::Index batch) {
    const auto& registry = testing::built_plugins();
    const auto* tanh_plugin = registry.find(PluginKind::activation, "tanh");
    BOOST_REQUIRE(tanh_plugin != nullptr);
    const auto tanh = registry.create_activation(*tanh_plugin, Options{});

    nn::NetworkSpec spec;
    spec.inputs = 5;
    spec.hidden = hidden;
    spec.hidden_activations.assign(hidden.size(), tanh.get());
    spec.hidden_init.assign(hidden.size(), nn::InitKind::xavier);
    spec.output = {nn::OutputKind::identity, nullptr, nn::LossKind::mean_squared_error};
    nn::Network network(spec);
    Random random(3);
    network.initialize(random);
    // Non-zero biases, so that the bias path of the kernels is checked too.
    for (double& value : network.parameters())
        if (value == 0.0)
            value = random.uniform(-0.5, 0.5);
    network.prepare(batch + 3);

    Matrix X(batch, spec.inputs);
    Vector y(batch);
    for (Eigen::Index i = 0; i < batch; ++i) {
        for (Eigen::Index j = 0; j < X.cols(); ++j)
            X(i, j) = random.uniform(-2.0, 2.0);
        y(i) = random.uniform(-1.0, 1.0);
    }
    const Matrix output = network.forward(X);
    network.backward(X, y.data());

    std::vector<int> sizes{spec.inputs};
    sizes.insert(sizes.end(), hidden.begin(), hidden.end());
    sizes.push_back(1);
    const Reference expected = reference(sizes, network.parameters(), X, y);

    // The plugin's tanh differs from std::tanh by a few units in the last place, and the sums
    // run in another order, so agreement is to rounding, not bit for bit.
    for (Eigen::Index i = 0; i < batch; ++i)
        BOOST_TEST(output(i, 0) == expected.output(i, 0), boost::test_tools::tolerance(1e-12));
    const std::vector<double>& gradients = network.gradients();
    BOOST_REQUIRE_EQUAL(gradients.size(), expected.gradients.size());
    double largest = 0;
    for (double g : expected.gradients)
        largest = std::max(largest, std::abs(g));
    for (std::size_t k = 0; k < gradients.size(); ++k)
        BOOST_TEST(std::abs(gradients[k] - expected.gradients[k]) <= 1e-12 * largest, "gradient " << k);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(network_kernels)

BOOST_AUTO_TEST_CASE(widths_of_eight_match_reference) {
    check_against_reference({16, 8}, 32);
}

BOOST_AUTO_TEST_CASE(partial_row_blocks_match_reference) {
    // 7 = 4 + 3 and 5 = 4 + 1 rows: the last block of rows is partial.
    check_against_reference({16, 8}, 7);
    check_against_reference({24}, 5);
    check_against_reference({8, 8}, 1);
}

BOOST_AUTO_TEST_CASE(mixed_kernel_and_eigen_layers_match_reference) {
    // 64 takes the kernels; 12 (not a multiple of 8) and 264 (above 256) take Eigen's product
    // for some of their products; 24 leaves a strip of 8 columns beside one of 16.
    check_against_reference({64, 12, 264, 24}, 13);
}

BOOST_AUTO_TEST_SUITE_END()
