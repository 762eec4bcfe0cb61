// The experiment file: flattening, grid expansion, overrides, plugin options and the messages
// for mistakes, resolved against the built plugins.
#define BOOST_TEST_MODULE experiment
#include <boost/test/unit_test.hpp>

#include "experiment/experiment.hpp"
#include "test_support.hpp"

using namespace bplab;
using namespace bplab::experiment;

namespace {

std::string error_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
    testing::TempDir dir;
    const auto file = dir.write("exp.yaml", yaml);
    try {
        const Experiment e = load_experiment(file.string(), overrides);
        resolve_points(e, testing::built_plugins());
    } catch (const Error& error) {
        // Strip the temporary folder so the message can be compared whole.
        std::string message = error.what();
        const std::string prefix = dir.path().string() + "/";
        if (message.compare(0, prefix.size(), prefix) == 0)
            message.erase(0, prefix.size());
        return message;
    }
    return "(no error)";
}

std::vector<PointConfig> points_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
    testing::TempDir dir;
    const auto file = dir.write("exp.yaml", yaml);
    return resolve_points(load_experiment(file.string(), overrides), testing::built_plugins());
}

const char* const base = "dataset: {name: synthetic, kind: xor}\n";

}  // namespace

BOOST_AUTO_TEST_CASE(unknown_key_names_line_and_column) {
    const std::string yaml = std::string(base) +
                             "model:\n"
                             "  hidden: [4]\n"
                             "  activaton: tanh\n";
    BOOST_TEST(error_of(yaml) ==
               "exp.yaml:4:3: unknown key 'model.activaton'; did you mean 'activation'? The keys in model are: "
               "activation, bias, hidden, init, loss, output");
}

BOOST_AUTO_TEST_CASE(grid_expands_last_key_fastest) {
    const auto points = points_of(std::string(base) +
                                  "grid:\n"
                                  "  model.activation: [tanh, relu]\n"
                                  "  optimizer.lr: [0.1, 0.01, 0.001]\n");
    BOOST_TEST_REQUIRE(points.size() == 6u);
    BOOST_TEST(points[0].model.activation.name == "tanh");
    BOOST_TEST(points[0].training.lr == 0.1);
    BOOST_TEST(points[1].training.lr == 0.01);
    BOOST_TEST(points[3].model.activation.name == "relu");
    BOOST_TEST(points[3].training.lr == 0.1);
    BOOST_TEST(points[5].label() == "model.activation=relu optimizer.lr=0.001");
}

BOOST_AUTO_TEST_CASE(override_fixes_a_grid_key) {
    const auto points = points_of(std::string(base) + "grid:\n  optimizer.lr: [0.1, 0.01]\n  model.hidden: [[4], [8, 8]]\n",
                                  {"optimizer.lr=0.5", "training.epochs=7"});
    BOOST_TEST_REQUIRE(points.size() == 2u);
    BOOST_TEST(points[0].training.lr == 0.5);
    BOOST_TEST(points[1].training.lr == 0.5);
    BOOST_TEST(points[1].model.hidden == std::vector<int>({8, 8}));
    BOOST_TEST(points[0].training.epochs == 7);
}

BOOST_AUTO_TEST_CASE(options_scoped_to_one_plugin) {
    const auto points = points_of(std::string(base) +
                                  "optimizer: {name: sgd, sgd: {momentum: 0.9, nesterov: true}, adam: {beta1: 0.8}}\n"
                                  "grid:\n  optimizer.name: [sgd, adam]\n");
    BOOST_TEST_REQUIRE(points.size() == 2u);
    BOOST_TEST(points[0].optimizer.options.real("momentum") == 0.9);
    BOOST_TEST(points[0].optimizer.options.boolean("nesterov"));
    BOOST_TEST(points[1].optimizer.options.real("beta1") == 0.8);
    BOOST_TEST(points[1].optimizer.options.real("beta2") == 0.999);
}

BOOST_AUTO_TEST_CASE(flat_option_undeclared_by_a_grid_plugin) {
    const std::string message = error_of(std::string(base) +
                                         "optimizer: {name: sgd, momentum: 0.9}\n"
                                         "grid:\n  optimizer.name: [sgd, adam]\n");
    BOOST_TEST(message ==
               "exp.yaml:2:34: optimizer.momentum: optimizer 'adam' has no option 'momentum'. Its options are: beta1, beta2, "
               "epsilon. To set an option for one plugin only, write it under optimizer.<plugin>.momentum");
}

BOOST_AUTO_TEST_CASE(activation_options_in_grid_values) {
    const auto points = points_of(std::string(base) + "grid:\n  model.activation: [relu, {name: leaky_relu, slope: 0.2}]\n");
    BOOST_TEST_REQUIRE(points.size() == 2u);
    BOOST_TEST(points[1].model.activation.name == "leaky_relu");
    BOOST_TEST(points[1].model.activation.options.real("slope") == 0.2);
}

BOOST_AUTO_TEST_CASE(yaml_11_and_12_disagreements_are_errors) {
    BOOST_TEST(error_of(std::string(base) + "training: {epochs: 010}\n") ==
               "exp.yaml:2:20: training.epochs: '010' has a leading zero, which YAML 1.1 reads as an octal number and YAML 1.2 "
               "as decimal; write it without the leading zero");
    BOOST_TEST(error_of(std::string(base) + "model: {bias: yes}\n") ==
               "exp.yaml:2:15: model.bias: 'yes' is a boolean in YAML 1.1 but a string in YAML 1.2; write true or false");
    BOOST_TEST(error_of(std::string(base) + "optimizer: {lr: .inf}\n") ==
               "exp.yaml:2:17: optimizer.lr: '.inf' is not a finite number; expected a finite number");
    BOOST_TEST(points_of(std::string(base) + "optimizer: {lr: 1e-3}\n").front().training.lr == 1e-3);
}
