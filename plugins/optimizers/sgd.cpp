// Stochastic gradient descent with optional momentum and Nesterov momentum, in the form
// PyTorch's SGD uses: v ← μ v + g, then w ← w - lr v, or w ← w - lr (g + μ v) with Nesterov.
#include <vector>

#include <bplab/plugin.hpp>

class Sgd final : public bplab::Optimizer {
public:
    explicit Sgd(const bplab::Options& options)
        : momentum_(options.real("momentum")), nesterov_(options.boolean("nesterov")) {}

    void reset(std::span<const bplab::ParamBlock> blocks) override {
        velocity_.clear();
        if (momentum_ == 0)
            return;
        for (const auto& block : blocks)
            velocity_.emplace_back(block.value.size(), 0.0);
    }

    void step(std::span<const bplab::ParamBlock> blocks, double lr) override {
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            double* w = blocks[b].value.data();
            const double* g = blocks[b].gradient.data();
            const std::size_t n = blocks[b].value.size();
            if (momentum_ == 0) {
                for (std::size_t i = 0; i < n; ++i)
                    w[i] -= lr * g[i];
                continue;
            }
            double* v = velocity_[b].data();
            for (std::size_t i = 0; i < n; ++i) {
                v[i] = momentum_ * v[i] + g[i];
                w[i] -= lr * (nesterov_ ? g[i] + momentum_ * v[i] : v[i]);
            }
        }
    }

private:
    double momentum_;
    bool nesterov_;
    std::vector<std::vector<double>> velocity_;
};

BPLAB_OPTIMIZER(Sgd, .name = "sgd", .version = "1.0.0", .summary = "stochastic gradient descent with optional (Nesterov) momentum",
                .options = {{.name = "momentum", .type = bplab::OptionType::real, .default_value = 0.0, .min = 0.0, .max = 1.0,
                             .max_exclusive = true, .help = "momentum factor μ; 0 gives plain SGD"},
                            {.name = "nesterov", .type = bplab::OptionType::boolean, .default_value = false,
                             .help = "use Nesterov momentum (needs momentum > 0)"}})
