// The trainer on small problems with known answers: XOR, early stopping, and batches larger
// than the data.
#define BOOST_TEST_MODULE training
#include <boost/test/unit_test.hpp>

#include "nn/network.hpp"
#include "test_support.hpp"
#include "train/metrics.hpp"
#include "train/trainer.hpp"

using namespace bplab;

namespace {

Options defaults(const plugins::Plugin& plugin) {
    Options options;
    for (const auto& spec : plugin.manifest.options)
        options.set(spec.name, spec.default_value);
    return options;
}

struct Fixture {
    const plugins::Registry& registry = testing::built_plugins();
    std::unique_ptr<Activation> activation;
    std::unique_ptr<Optimizer> optimizer;

    Fixture(const std::string& activation_name, const std::string& optimizer_name) {
        activation = registry.create_activation(*registry.find(PluginKind::activation, activation_name),
                                                defaults(*registry.find(PluginKind::activation, activation_name)));
        optimizer = registry.create_optimizer(*registry.find(PluginKind::optimizer, optimizer_name),
                                              defaults(*registry.find(PluginKind::optimizer, optimizer_name)));
    }

    nn::NetworkSpec spec(int inputs, std::vector<int> hidden, nn::OutputSpec output) const {
        nn::NetworkSpec s;
        s.inputs = inputs;
        s.hidden = hidden;
        s.hidden_activations.assign(hidden.size(), activation.get());
        s.hidden_init.assign(hidden.size(), nn::InitKind::xavier);
        s.output = output;
        return s;
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(xor_is_learned_exactly) {
    // The four XOR points, full batch: no linear model separates them, two hidden units can.
    Fixture fixture("tanh", "adam");
    nn::Network network(fixture.spec(2, {4}, {nn::OutputKind::sigmoid, nullptr, nn::LossKind::binary_cross_entropy}));
    Random init(3);
    network.initialize(init);
    train::Part data;
    data.X.resize(4, 2);
    data.X << 0, 0, 0, 1, 1, 0, 1, 1;
    data.y.resize(4);
    data.y << 0, 1, 1, 0;

    train::TrainSettings settings;
    settings.epochs = 2000;
    settings.batch_size = 4;
    settings.lr = 0.05;
    train::Trainer trainer(network, *fixture.optimizer, settings, Task::binary, 1.0);
    Random shuffle(4);
    const train::TrainResult result = trainer.fit(data, train::Part{}, shuffle, {});
    BOOST_TEST((result.status == train::TrainStatus::ok));

    Matrix P(4, 1);
    trainer.predict(data.X, P);
    const train::Metrics metrics = train::classification_metrics(Task::binary, P, data.y, 2);
    BOOST_TEST(metrics.get("accuracy") == 1.0);
    BOOST_TEST(metrics.get("log_loss") < 0.05);
}

BOOST_AUTO_TEST_CASE(early_stopping_restores_best_epoch) {
    // A wide network on a few noisy points overfits: validation loss reaches a minimum and
    // rises. The weights kept must be those of the epoch with the lowest validation loss.
    Fixture fixture("tanh", "adam");
    nn::Network network(fixture.spec(1, {64, 64}, {nn::OutputKind::identity, nullptr, nn::LossKind::mean_squared_error}));
    Random init(5);
    network.initialize(init);
    Random noise(6);
    train::Part train_part, validation;
    train_part.X.resize(12, 1);
    train_part.y.resize(12);
    validation.X.resize(40, 1);
    validation.y.resize(40);
    for (Eigen::Index i = 0; i < 12; ++i) {
        train_part.X(i, 0) = -2.0 + 4.0 * static_cast<double>(i) / 11.0;
        train_part.y(i) = std::sin(train_part.X(i, 0)) + 0.5 * noise.normal();
    }
    for (Eigen::Index i = 0; i < 40; ++i) {
        validation.X(i, 0) = -2.0 + 4.0 * static_cast<double>(i) / 39.0;
        validation.y(i) = std::sin(validation.X(i, 0));
    }

    train::TrainSettings settings;
    settings.epochs = 3000;
    settings.batch_size = 12;
    settings.lr = 0.01;
    settings.early_stopping.patience = 50;
    train::Trainer trainer(network, *fixture.optimizer, settings, Task::regression, 1.0);
    Random shuffle(7);
    const train::TrainResult result = trainer.fit(train_part, validation, shuffle, {});

    BOOST_TEST(result.stopped_early);
    BOOST_TEST(result.best_epoch < result.epochs_run);
    BOOST_TEST(result.epochs_run - result.best_epoch == 50);
    double best = 1e300;
    int best_epoch = 0;
    for (const auto& record : result.history)
        if (*record.validation_loss < best) {
            best = *record.validation_loss;
            best_epoch = record.epoch;
        }
    BOOST_TEST(best_epoch == result.best_epoch);
    Matrix outputs(40, 1);
    BOOST_TEST(trainer.evaluate_loss(validation, outputs) == best, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(batch_larger_than_data_is_one_batch) {
    // With one full batch per epoch, plain SGD is deterministic gradient descent: the shuffle
    // cannot change the result, so two different shuffle streams give the same weights.
    Fixture fixture("tanh", "sgd");
    auto train_with = [&](std::uint64_t shuffle_seed) {
        nn::Network network(fixture.spec(2, {3}, {nn::OutputKind::identity, nullptr, nn::LossKind::mean_squared_error}));
        Random init(1);
        network.initialize(init);
        train::Part data;
        data.X = Matrix::Random(10, 2);
        data.y = Vector::LinSpaced(10, -1, 1);
        train::TrainSettings settings;
        settings.epochs = 5;
        settings.batch_size = 1000;
        settings.lr = 0.1;
        auto optimizer = testing::built_plugins().create_optimizer(
            *testing::built_plugins().find(PluginKind::optimizer, "sgd"), defaults(*testing::built_plugins().find(PluginKind::optimizer, "sgd")));
        train::Trainer trainer(network, *optimizer, settings, Task::regression, 1.0);
        Random shuffle(shuffle_seed);
        const auto result = trainer.fit(data, train::Part{}, shuffle, {});
        BOOST_TEST(result.epochs_run == 5);
        BOOST_TEST(std::isfinite(result.history.back().train_loss));
        return network.parameters();
    };
    std::srand(11);
    const auto first = train_with(1);
    std::srand(11);
    const auto second = train_with(2);
    // Equal up to the order of the sum over the batch's rows, which the shuffle changes.
    BOOST_REQUIRE(first.size() == second.size());
    for (std::size_t i = 0; i < first.size(); ++i)
        BOOST_TEST(first[i] == second[i], "parameter " << i << boost::test_tools::tolerance(1e-12));
}
