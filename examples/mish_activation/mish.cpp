// Mish (Misra, 2019): a = z tanh(softplus(z)), with softplus(z) = sp = ln(1 + e^z).
// With tanh' = sech² = 1 - tanh² and softplus' = σ(z), the logistic sigmoid,
//     f'(z) = tanh(sp) + z sech²(sp) σ(z).
#include <algorithm>
#include <cmath>

#include <bplab/plugin.hpp>

struct Mish {
    // ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|): no overflow for large z, no loss for small ones.
    static double softplus(double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); }

    // σ(z) in two branches, so that e^x is only taken of a non-positive x.
    static double sigmoid(double z) {
        if (z >= 0)
            return 1.0 / (1.0 + std::exp(-z));
        const double e = std::exp(z);
        return e / (1.0 + e);
    }

    double value(double z) const { return z * std::tanh(softplus(z)); }

    double derivative(double z, double) const {
        const double t = std::tanh(softplus(z));
        return t + z * (1.0 - t * t) * sigmoid(z);
    }
};

BPLAB_ACTIVATION(Mish, .name = "mish", .version = "1.0.0", .summary = "mish z tanh(ln(1 + e^z)), a smooth ReLU",
                 .init = bplab::InitHint::he)
