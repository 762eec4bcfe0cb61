// AdamW (Loshchilov and Hutter, 2019): Adam with weight decay decoupled from the gradient,
//   w ← w - lr (m̂ / (√v̂ + ε) + λ w)   for weights; biases get no decay.
#include <cmath>
#include <vector>

#include <bplab/plugin.hpp>

class AdamW final : public bplab::Optimizer {
public:
    explicit AdamW(const bplab::Options& options)
        : beta1_(options.real("beta1")), beta2_(options.real("beta2")), epsilon_(options.real("epsilon")),
          weight_decay_(options.real("weight_decay")) {}

    void reset(std::span<const bplab::ParamBlock> blocks) override {
        m_.clear();
        v_.clear();
        for (const auto& block : blocks) {
            m_.emplace_back(block.value.size(), 0.0);
            v_.emplace_back(block.value.size(), 0.0);
        }
        step_ = 0;
    }

    void step(std::span<const bplab::ParamBlock> blocks, double lr) override {
        ++step_;
        const double correction1 = 1.0 - std::pow(beta1_, static_cast<double>(step_));
        const double correction2 = 1.0 - std::pow(beta2_, static_cast<double>(step_));
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            double* w = blocks[b].value.data();
            const double* g = blocks[b].gradient.data();
            double* m = m_[b].data();
            double* v = v_[b].data();
            const double decay = blocks[b].is_bias ? 0.0 : weight_decay_;
            for (std::size_t i = 0; i < blocks[b].value.size(); ++i) {
                m[i] = beta1_ * m[i] + (1.0 - beta1_) * g[i];
                v[i] = beta2_ * v[i] + (1.0 - beta2_) * g[i] * g[i];
                w[i] -= lr * ((m[i] / correction1) / (std::sqrt(v[i] / correction2) + epsilon_) + decay * w[i]);
            }
        }
    }

private:
    double beta1_, beta2_, epsilon_, weight_decay_;
    std::vector<std::vector<double>> m_, v_;
    long long step_ = 0;
};

BPLAB_OPTIMIZER(AdamW, .name = "adamw", .version = "1.0.0", .summary = "Adam with decoupled weight decay",
                .options = {{.name = "beta1", .type = bplab::OptionType::real, .default_value = 0.9, .min = 0.0, .max = 1.0,
                             .max_exclusive = true, .help = "decay rate of the first-moment (mean) estimate"},
                            {.name = "beta2", .type = bplab::OptionType::real, .default_value = 0.999, .min = 0.0, .max = 1.0,
                             .max_exclusive = true, .help = "decay rate of the second-moment estimate"},
                            {.name = "epsilon", .type = bplab::OptionType::real, .default_value = 1e-8, .min = 0.0,
                             .min_exclusive = true, .help = "added to the denominator for numerical stability"},
                            {.name = "weight_decay", .type = bplab::OptionType::real, .default_value = 0.01, .min = 0.0,
                             .help = "decoupled decay λ applied to weights at every step, scaled by the learning rate"}})
