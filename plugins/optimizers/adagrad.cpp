// Adagrad (Duchi et al., 2011): s ← s + g², w ← w - lr g / (√s + ε).
#include <cmath>
#include <vector>

#include <bplab/plugin.hpp>

class Adagrad final : public bplab::Optimizer {
public:
    explicit Adagrad(const bplab::Options& options)
        : epsilon_(options.real("epsilon")), initial_(options.real("initial_accumulator")) {}

    void reset(std::span<const bplab::ParamBlock> blocks) override {
        sum_square_.clear();
        for (const auto& block : blocks)
            sum_square_.emplace_back(block.value.size(), initial_);
    }

    void step(std::span<const bplab::ParamBlock> blocks, double lr) override {
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            double* w = blocks[b].value.data();
            const double* g = blocks[b].gradient.data();
            double* s = sum_square_[b].data();
            for (std::size_t i = 0; i < blocks[b].value.size(); ++i) {
                s[i] += g[i] * g[i];
                w[i] -= lr * g[i] / (std::sqrt(s[i]) + epsilon_);
            }
        }
    }

private:
    double epsilon_, initial_;
    std::vector<std::vector<double>> sum_square_;
};

BPLAB_OPTIMIZER(Adagrad, .name = "adagrad", .version = "1.0.0", .summary = "Adagrad: per-parameter rates from the sum of squared gradients",
                .options = {{.name = "epsilon", .type = bplab::OptionType::real, .default_value = 1e-10, .min = 0.0,
                             .min_exclusive = true, .help = "added to the denominator for numerical stability"},
                            {.name = "initial_accumulator", .type = bplab::OptionType::real, .default_value = 0.0, .min = 0.0,
                             .help = "starting value of the sum of squared gradients"}})
