// Scaled exponential linear unit (Klambauer et al., 2017): a = λ z for z > 0 and
// λ α (e^z - 1) otherwise, with the constants that keep activations at zero mean and unit
// variance. f'(z) = λ for z > 0, and λ α e^z = a + λ α otherwise.
#include <cmath>

#include <bplab/plugin.hpp>

struct Selu {
    static constexpr double lambda = 1.0507009873554804934193349852946;
    static constexpr double alpha = 1.6732632423543772848170429916717;

    double value(double z) const { return z > 0 ? lambda * z : lambda * alpha * std::expm1(z); }
    double derivative(double z, double a) const { return z > 0 ? lambda : a + lambda * alpha; }
};

BPLAB_ACTIVATION(Selu, .name = "selu", .version = "1.0.0", .summary = "scaled exponential linear unit (self-normalising)",
                 .init = bplab::InitHint::he)
