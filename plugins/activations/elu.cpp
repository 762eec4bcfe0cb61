// Exponential linear unit: a = z for z > 0 and alpha (e^z - 1) otherwise.
// f'(z) = 1 for z > 0, and alpha e^z = a + alpha otherwise.
#include <cmath>

#include <bplab/plugin.hpp>

struct Elu {
    explicit Elu(const bplab::Options& options) : alpha(options.real("alpha")) {}

    double value(double z) const { return z > 0 ? z : alpha * std::expm1(z); }
    double derivative(double z, double a) const { return z > 0 ? 1.0 : a + alpha; }

    double alpha;
};

BPLAB_ACTIVATION(Elu, .name = "elu", .version = "1.0.0", .summary = "exponential linear unit: z for z > 0, alpha (e^z - 1) otherwise",
                 .options = {{.name = "alpha", .type = bplab::OptionType::real, .default_value = 1.0, .min = 0.0,
                              .min_exclusive = true, .help = "value that the function approaches for large negative inputs, negated"}},
                 .init = bplab::InitHint::he)
