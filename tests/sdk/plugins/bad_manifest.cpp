// Test-only optimizer whose manifest is wrong in two ways, for the check-plugin tests: the
// summary is empty and the default of `beta` lies outside its declared range [0, 1). The
// optimizer itself is plain gradient descent and passes the descent checks.
#include <bplab/plugin.hpp>

class BadManifest final : public bplab::Optimizer {
public:
    explicit BadManifest(const bplab::Options&) {}

    void reset(std::span<const bplab::ParamBlock>) override {}

    void step(std::span<const bplab::ParamBlock> blocks, double lr) override {
        for (const auto& block : blocks)
            for (std::size_t i = 0; i < block.value.size(); ++i)
                block.value[i] -= lr * block.gradient[i];
    }
};

BPLAB_OPTIMIZER(BadManifest, .name = "bad_manifest", .version = "1.0.0", .summary = "",
                .options = {{.name = "beta", .type = bplab::OptionType::real, .default_value = 1.5, .min = 0.0, .max = 1.0,
                             .max_exclusive = true, .help = "a default outside the range"}})
