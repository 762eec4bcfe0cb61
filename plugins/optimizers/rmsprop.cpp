// RMSprop (Hinton, 2012 lecture notes): s ← ρ s + (1 - ρ) g², w ← w - lr g / (√s + ε).
#include <cmath>
#include <vector>

#include <bplab/plugin.hpp>

class RmsProp final : public bplab::Optimizer {
public:
    explicit RmsProp(const bplab::Options& options) : rho_(options.real("rho")), epsilon_(options.real("epsilon")) {}

    void reset(std::span<const bplab::ParamBlock> blocks) override {
        mean_square_.clear();
        for (const auto& block : blocks)
            mean_square_.emplace_back(block.value.size(), 0.0);
    }

    void step(std::span<const bplab::ParamBlock> blocks, double lr) override {
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            double* w = blocks[b].value.data();
            const double* g = blocks[b].gradient.data();
            double* s = mean_square_[b].data();
            for (std::size_t i = 0; i < blocks[b].value.size(); ++i) {
                s[i] = rho_ * s[i] + (1.0 - rho_) * g[i] * g[i];
                w[i] -= lr * g[i] / (std::sqrt(s[i]) + epsilon_);
            }
        }
    }

private:
    double rho_, epsilon_;
    std::vector<std::vector<double>> mean_square_;
};

BPLAB_OPTIMIZER(RmsProp, .name = "rmsprop", .version = "1.0.0", .summary = "RMSprop: gradient scaled by a running root mean square",
                .options = {{.name = "rho", .type = bplab::OptionType::real, .default_value = 0.9, .min = 0.0, .max = 1.0,
                             .max_exclusive = true, .help = "decay rate of the running mean of squared gradients"},
                            {.name = "epsilon", .type = bplab::OptionType::real, .default_value = 1e-8, .min = 0.0,
                             .min_exclusive = true, .help = "added to the denominator for numerical stability"}})
