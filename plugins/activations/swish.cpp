// Swish, also called SiLU: a = z σ(z) with σ the logistic sigmoid.
// f'(z) = σ(z) + z σ(z) (1 - σ(z)) = a + σ(z) (1 - a).
#include <cmath>

#include <bplab/plugin.hpp>

struct Swish {
    static double sigmoid(double z) {
        if (z >= 0)
            return 1.0 / (1.0 + std::exp(-z));
        double e = std::exp(z);
        return e / (1.0 + e);
    }

    double value(double z) const { return z * sigmoid(z); }
    double derivative(double z, double a) const { return a + sigmoid(z) * (1.0 - a); }
};

BPLAB_ACTIVATION(Swish, .name = "swish", .version = "1.0.0", .summary = "swish (SiLU) z σ(z)",
                 .init = bplab::InitHint::he)
