// Leaky ReLU: a = z for z > 0 and s z otherwise; f'(z) = 1 or s.
#include <bplab/plugin.hpp>

struct LeakyRelu {
    explicit LeakyRelu(const bplab::Options& options) : slope(options.real("slope")) {}

    double value(double z) const { return z > 0 ? z : slope * z; }
    double derivative(double z, double) const { return z > 0 ? 1.0 : slope; }

    double slope;
};

BPLAB_ACTIVATION(LeakyRelu, .name = "leaky_relu", .version = "1.0.0",
                 .summary = "leaky rectified linear unit: z for z > 0, slope * z otherwise",
                 .options = {{.name = "slope", .type = bplab::OptionType::real, .default_value = 0.01, .min = 0.0,
                              .max = 1.0, .max_exclusive = true, .help = "gradient for negative inputs"}},
                 .init = bplab::InitHint::he)
