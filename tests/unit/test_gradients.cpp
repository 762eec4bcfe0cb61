// The whole network's gradients against central finite differences, for every activation
// plugin, each loaded from its shared library as the runner loads it, and for each pairing of
// output layer and loss.
#define BOOST_TEST_MODULE gradients
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>

#include "nn/network.hpp"
#include "test_support.hpp"

using namespace bplab;

namespace {

struct Case {
    nn::OutputKind output;
    nn::LossKind loss;
    int outputs;
    const char* name;
};

// Targets that suit each loss: 0/1 for binary cross-entropy, class indices for cross-entropy,
// real values for mean squared error.
std::vector<double> make_targets(const Case& c, int rows, Random& random) {
    std::vector<double> y(static_cast<std::size_t>(rows));
    for (auto& value : y) {
        if (c.loss == nn::LossKind::binary_cross_entropy)
            value = random.uniform() < 0.5 ? 0.0 : 1.0;
        else if (c.loss == nn::LossKind::cross_entropy)
            value = static_cast<double>(random.below(static_cast<std::uint64_t>(c.outputs)));
        else
            value = random.uniform(-1.0, 1.0);
    }
    return y;
}

// Returns ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) over all parameters, with the numeric
// gradient from central differences (L(w + h) − L(w − h)) / 2h.
double gradient_relative_error(nn::Network& network, const Matrix& X, const std::vector<double>& y) {
    network.forward(X);
    network.backward(X, y.data());
    const std::vector<double> analytic = network.gradients();

    const double h = 1e-6;
    std::vector<double>& w = network.parameters();
    double difference = 0, analytic_norm = 0, numeric_norm = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double saved = w[i];
        w[i] = saved + h;
        network.forward(X);
        const double plus = network.loss(y.data());
        w[i] = saved - h;
        network.forward(X);
        const double minus = network.loss(y.data());
        w[i] = saved;
        const double numeric = (plus - minus) / (2 * h);
        difference += (analytic[i] - numeric) * (analytic[i] - numeric);
        analytic_norm += analytic[i] * analytic[i];
        numeric_norm += numeric * numeric;
    }
    return std::sqrt(difference) / (std::sqrt(analytic_norm) + std::sqrt(numeric_norm));
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_activation_plugin_is_found) {
    const auto names = testing::built_plugins().names(PluginKind::activation);
    for (const char* expected : {"sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "identity", "gelu", "swish",
                                 "softsign", "selu"})
        BOOST_TEST((std::find(names.begin(), names.end(), expected) != names.end()), "activation plugin " << expected);
}

BOOST_AUTO_TEST_CASE(backward_matches_finite_differences) {
    const auto& registry = testing::built_plugins();
    const Case cases[] = {
        {nn::OutputKind::sigmoid, nn::LossKind::binary_cross_entropy, 1, "sigmoid + binary cross-entropy"},
        {nn::OutputKind::softmax, nn::LossKind::cross_entropy, 3, "softmax + cross-entropy"},
        {nn::OutputKind::identity, nn::LossKind::mean_squared_error, 1, "identity + mse"},
        {nn::OutputKind::sigmoid, nn::LossKind::mean_squared_error, 1, "sigmoid + mse"},
    };
    const auto tanh_plugin = registry.find(PluginKind::activation, "tanh");
    auto tanh_output = registry.create_activation(*tanh_plugin, Options{});

    for (const std::string& name : registry.names(PluginKind::activation)) {
        const plugins::Plugin* plugin = registry.find(PluginKind::activation, name);
        Options options;
        for (const auto& spec : plugin->manifest.options)
            options.set(spec.name, spec.default_value);
        auto activation = registry.create_activation(*plugin, options);

        std::vector<Case> all(std::begin(cases), std::end(cases));
        all.push_back({nn::OutputKind::plugin, nn::LossKind::mean_squared_error, 1, "tanh plugin output + mse"});
        for (const Case& c : all) {
            for (bool bias : {true, false}) {
                nn::NetworkSpec spec;
                spec.inputs = 3;
                spec.hidden = {5, 4};
                spec.hidden_activations = {activation.get(), activation.get()};
                spec.hidden_init = {nn::InitKind::xavier, nn::InitKind::xavier};
                spec.outputs = c.outputs;
                spec.output = {c.output, c.output == nn::OutputKind::plugin ? tanh_output.get() : nullptr, c.loss};
                spec.bias = bias;
                nn::Network network(spec);
                Random random(42);
                network.initialize(random);
                // Biases start at zero; give them values so their gradients are exercised fully.
                for (double& w : network.parameters())
                    w += random.uniform(-0.3, 0.3);
                network.prepare(7);
                Matrix X(7, 3);
                for (Eigen::Index i = 0; i < X.size(); ++i)
                    X.data()[i] = random.uniform(-2.0, 2.0);
                const std::vector<double> y = make_targets(c, 7, random);

                const double error = gradient_relative_error(network, X, y);
                BOOST_TEST(error < 1e-6, name << " with " << c.name << (bias ? "" : ", no biases") << ": relative error " << error);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(weight_decay_gradient_matches_penalty) {
    // The L2 term (λ/2) Σ w² has gradient λ w on weights and none on biases.
    const auto& registry = testing::built_plugins();
    auto activation = registry.create_activation(*registry.find(PluginKind::activation, "tanh"), Options{});
    nn::NetworkSpec spec;
    spec.inputs = 2;
    spec.hidden = {3};
    spec.hidden_activations = {activation.get()};
    spec.hidden_init = {nn::InitKind::xavier};
    spec.output = {nn::OutputKind::identity, nullptr, nn::LossKind::mean_squared_error};
    nn::Network network(spec);
    Random random(7);
    network.initialize(random);
    network.prepare(4);
    Matrix X = Matrix::Random(4, 2);
    std::vector<double> y = {0.1, -0.2, 0.3, 0.5};
    network.forward(X);
    network.backward(X, y.data());
    const std::vector<double> before = network.gradients();
    network.add_weight_decay(0.5);
    const std::vector<double>& after = network.gradients();
    const auto& w = network.parameters();
    // Layout: W1 (2×3), b1 (3), W2 (3×1), b2 (1).
    for (std::size_t i : {0u, 5u, 9u, 11u})
        BOOST_TEST(after[i] == before[i] + 0.5 * w[i], "weight " << i << boost::test_tools::tolerance(1e-12));
    for (std::size_t i : {6u, 8u, 12u})
        BOOST_TEST(after[i] == before[i], "bias " << i);
}
