// Softplus: a = ln(1 + e^z), f'(z) = sigmoid(z).
#include <algorithm>
#include <cmath>

#include <bplab/plugin.hpp>

struct Softplus {
    // ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|), which neither overflows nor loses small values.
    double value(double z) const { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); }
    double derivative(double z, double) const {
        if (z >= 0)
            return 1.0 / (1.0 + std::exp(-z));
        double e = std::exp(z);
        return e / (1.0 + e);
    }
};

BPLAB_ACTIVATION(Softplus, .name = "softplus", .version = "1.0.0", .summary = "smooth ReLU ln(1 + e^z)",
                 .init = bplab::InitHint::he)
