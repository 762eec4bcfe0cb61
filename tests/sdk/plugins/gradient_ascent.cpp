// Test-only optimizer with a sign error, for the check-plugin tests: w ← w + lr g climbs the
// quadratic instead of descending it.
#include <bplab/plugin.hpp>

class GradientAscent final : public bplab::Optimizer {
public:
    explicit GradientAscent(const bplab::Options&) {}

    void reset(std::span<const bplab::ParamBlock>) override {}

    void step(std::span<const bplab::ParamBlock> blocks, double lr) override {
        for (const auto& block : blocks)
            for (std::size_t i = 0; i < block.value.size(); ++i)
                block.value[i] += lr * block.gradient[i];
    }
};

BPLAB_OPTIMIZER(GradientAscent, .name = "gradient_ascent", .version = "1.0.0",
                .summary = "gradient descent with the sign of the step reversed (test only)")
