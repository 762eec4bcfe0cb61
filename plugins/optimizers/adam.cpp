// Adam (Kingma and Ba, 2015). With g the gradient at step t:
//   m ← β1 m + (1 - β1) g,   v ← β2 v + (1 - β2) g²,
//   w ← w - lr m̂ / (√v̂ + ε),  where m̂ = m / (1 - β1^t) and v̂ = v / (1 - β2^t).
#include <cmath>
#include <vector>

#include <bplab/plugin.hpp>

class Adam final : public bplab::Optimizer {
public:
    explicit Adam(const bplab::Options& options)
        : beta1_(options.real("beta1")), beta2_(options.real("beta2")), epsilon_(options.real("epsilon")) {}

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
            for (std::size_t i = 0; i < blocks[b].value.size(); ++i) {
                m[i] = beta1_ * m[i] + (1.0 - beta1_) * g[i];
                v[i] = beta2_ * v[i] + (1.0 - beta2_) * g[i] * g[i];
                w[i] -= lr * (m[i] / correction1) / (std::sqrt(v[i] / correction2) + epsilon_);
            }
        }
    }

private:
    double beta1_, beta2_, epsilon_;
    std::vector<std::vector<double>> m_, v_;
    long long step_ = 0;
};

BPLAB_OPTIMIZER(Adam, .name = "adam", .version = "1.0.0", .summary = "Adam: adaptive moment estimation",
                .options = {{.name = "beta1", .type = bplab::OptionType::real, .default_value = 0.9, .min = 0.0, .max = 1.0,
                             .max_exclusive = true, .help = "decay rate of the first-moment (mean) estimate"},
                            {.name = "beta2", .type = bplab::OptionType::real, .default_value = 0.999, .min = 0.0, .max = 1.0,
                             .max_exclusive = true, .help = "decay rate of the second-moment (uncentred variance) estimate"},
                            {.name = "epsilon", .type = bplab::OptionType::real, .default_value = 1e-8, .min = 0.0,
                             .min_exclusive = true, .help = "added to the denominator for numerical stability"}})
