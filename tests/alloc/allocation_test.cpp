// The training loop sizes its buffers once per fit, so epochs after the first allocate nothing.
// This test counts heap allocations made by Trainer::fit and requires the count to be the same
// for 1 epoch and for several: whatever an epoch allocated would be repeated per epoch.
//
// Eigen allocates its matrices and its product workspace with std::malloc, not operator new,
// so the counter sits in malloc and its siblings (glibc's __libc_* functions do the work).
// operator new in libstdc++ calls malloc, so it is counted too. Sanitizer runtimes replace
// malloc themselves; under them the test only reports that it was skipped.
#define BOOST_TEST_MODULE allocations
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <vector>

#include "bplab/random.hpp"
#include "nn/network.hpp"
#include "test_support.hpp"
#include "train/trainer.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BPLAB_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define BPLAB_COUNT_ALLOCATIONS 0
#endif
#endif
#if !defined(BPLAB_COUNT_ALLOCATIONS) && defined(__GLIBC__)
#define BPLAB_COUNT_ALLOCATIONS 1
#endif
#ifndef BPLAB_COUNT_ALLOCATIONS
#define BPLAB_COUNT_ALLOCATIONS 0
#endif

namespace {

// Only the thread that runs the test counts, and only inside count_allocations().
thread_local bool counting = false;
thread_local std::size_t allocations = 0;

void note_allocation() {
    if (counting)
        ++allocations;
}

}  // namespace

#if BPLAB_COUNT_ALLOCATIONS
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);

void* malloc(std::size_t size) {
    note_allocation();
    return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) {
    note_allocation();
    return __libc_calloc(count, size);
}
void* realloc(void* pointer, std::size_t size) {
    note_allocation();
    return __libc_realloc(pointer, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
    note_allocation();
    return __libc_memalign(alignment, size);
}
void* memalign(std::size_t alignment, std::size_t size) {
    note_allocation();
    return __libc_memalign(alignment, size);
}
int posix_memalign(void** result, std::size_t alignment, std::size_t size) {
    note_allocation();
    void* pointer = __libc_memalign(alignment, size);
    if (!pointer)
        return 12;  // ENOMEM
    *result = pointer;
    return 0;
}
}
#endif

namespace {

using namespace bplab;

// Counts the allocations made while a callable runs on this thread.
template <class F>
std::size_t count_allocations(F&& run) {
    allocations = 0;
    counting = true;
    run();
    counting = false;
    return allocations;
}

Options defaults(const plugins::Plugin& plugin) {
    Options options;
    for (const OptionSpec& spec : plugin.manifest.options)
        options.set(spec.name, spec.default_value);
    return options;
}

// Rows drawn from a fixed stream: features uniform in [-2, 2], targets from their sign pattern
// (classes) or a smooth function (regression), so every setting trains on the same data.
train::Part make_part(Eigen::Index rows, Eigen::Index features, Task task, int classes, std::uint64_t seed) {
    Random random(seed);
    train::Part part;
    part.X.resize(rows, features);
    part.y.resize(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
        double sum = 0;
        for (Eigen::Index j = 0; j < features; ++j) {
            part.X(i, j) = random.uniform(-2.0, 2.0);
            sum += part.X(i, j) * static_cast<double>(j + 1);
        }
        if (task == Task::regression)
            part.y(i) = std::sin(sum);
        else
            part.y(i) = static_cast<double>(static_cast<int>(std::abs(sum) * 3.0) % classes);
    }
    return part;
}

struct Setting {
    const char* activation;
    const char* optimizer;
    std::vector<int> hidden;
    Task task;
    int classes;
    Eigen::Index rows;
    Eigen::Index validation_rows;
    train::TrainSettings training;
};

// Trains a fresh network from the same seed for `epochs` epochs and returns the number of
// allocations made inside fit().
std::size_t allocations_of_fit(const Setting& setting, int epochs) {
    const auto& registry = testing::built_plugins();
    const auto* activation_plugin = registry.find(PluginKind::activation, setting.activation);
    const auto* optimizer_plugin = registry.find(PluginKind::optimizer, setting.optimizer);
    BOOST_REQUIRE(activation_plugin != nullptr);
    BOOST_REQUIRE(optimizer_plugin != nullptr);
    auto activation = registry.create_activation(*activation_plugin, defaults(*activation_plugin));
    auto optimizer = registry.create_optimizer(*optimizer_plugin, defaults(*optimizer_plugin));

    nn::NetworkSpec spec;
    spec.inputs = 5;
    spec.hidden = setting.hidden;
    spec.hidden_activations.assign(spec.hidden.size(), activation.get());
    spec.hidden_init.assign(spec.hidden.size(), nn::InitKind::xavier);
    switch (setting.task) {
    case Task::binary:
        spec.output = {nn::OutputKind::sigmoid, nullptr, nn::LossKind::binary_cross_entropy};
        break;
    case Task::multiclass:
        spec.outputs = setting.classes;
        spec.output = {nn::OutputKind::softmax, nullptr, nn::LossKind::cross_entropy};
        break;
    case Task::regression:
        spec.output = {nn::OutputKind::identity, nullptr, nn::LossKind::mean_squared_error};
        break;
    }
    nn::Network network(spec);
    Random init_random(11);
    network.initialize(init_random);

    const train::Part train_part = make_part(setting.rows, spec.inputs, setting.task, setting.classes, 1);
    const train::Part validation_part = make_part(setting.validation_rows, spec.inputs, setting.task, setting.classes, 2);
    train::TrainSettings training = setting.training;
    training.epochs = epochs;
    train::Trainer trainer(network, *optimizer, training, setting.task, 1.0);
    Random shuffle_random(12);

    train::TrainResult result;
    const std::size_t count =
        count_allocations([&] { result = trainer.fit(train_part, validation_part, shuffle_random, {}); });
    BOOST_TEST(result.epochs_run == epochs);
    BOOST_TEST(static_cast<int>(result.status) == static_cast<int>(train::TrainStatus::ok));
    return count;
}

void check_epochs_allocate_nothing(const Setting& setting) {
    if (!BPLAB_COUNT_ALLOCATIONS) {
        BOOST_TEST_MESSAGE("skipped: allocations are not counted under a sanitizer or without glibc");
        return;
    }
    const std::size_t one_epoch = allocations_of_fit(setting, 1);
    const std::size_t five_epochs = allocations_of_fit(setting, 5);
    BOOST_TEST_MESSAGE("fit allocations: " << one_epoch << " with 1 epoch, " << five_epochs << " with 5");
    BOOST_TEST(one_epoch > 0u);  // the buffers of the first epoch, so the counter works
    BOOST_TEST(five_epochs == one_epoch);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(trainer_allocations)

BOOST_AUTO_TEST_CASE(counter_sees_vector_and_eigen_allocations) {
    if (!BPLAB_COUNT_ALLOCATIONS)
        return;
    const std::size_t count = count_allocations([] {
        std::vector<double> values(100);
        Matrix matrix(10, 10);
        values[0] = matrix.size();
    });
    BOOST_TEST(count == 2u);
}

BOOST_AUTO_TEST_CASE(sgd_binary_epochs_allocate_nothing) {
    // 4-16-16-1-like: small batches with a partial last batch (203 = 6 · 32 + 11).
    train::TrainSettings training;
    training.batch_size = 32;
    training.lr = 0.05;
    check_epochs_allocate_nothing({"tanh", "sgd", {16, 16}, Task::binary, 2, 203, 0, training});
}

BOOST_AUTO_TEST_CASE(adam_regression_with_validation_epochs_allocate_nothing) {
    // Validation each epoch, early stopping that keeps the best weights, weight decay and a
    // schedule: every per-epoch path of fit.
    train::TrainSettings training;
    training.batch_size = 64;
    training.lr = 0.001;
    training.weight_decay = 1e-4;
    training.schedule.kind = "step";
    training.early_stopping.patience = 50;
    check_epochs_allocate_nothing({"tanh", "adam", {32, 32}, Task::regression, 1, 300, 70, training});
}

BOOST_AUTO_TEST_CASE(softmax_multiclass_epochs_allocate_nothing) {
    train::TrainSettings training;
    training.batch_size = 16;
    check_epochs_allocate_nothing({"relu", "sgd", {24}, Task::multiclass, 3, 100, 30, training});
}

BOOST_AUTO_TEST_CASE(wide_layers_epochs_allocate_nothing) {
    // 320 × 320 weights: wider than the engine's own small-product kernels take, so Eigen's
    // matrix product runs, and large enough that its packing workspace (320 · 320 doubles)
    // exceeds Eigen's default 128 KiB stack limit.
    train::TrainSettings training;
    training.batch_size = 32;
    training.lr = 0.05;
    check_epochs_allocate_nothing({"tanh", "sgd", {320, 320}, Task::binary, 2, 96, 0, training});
}

BOOST_AUTO_TEST_SUITE_END()
