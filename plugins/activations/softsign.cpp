// Softsign: a = z / (1 + |z|), f'(z) = 1 / (1 + |z|)².
#include <cmath>

#include <bplab/plugin.hpp>

struct Softsign {
    double value(double z) const { return z / (1.0 + std::abs(z)); }
    double derivative(double z, double) const {
        double d = 1.0 + std::abs(z);
        return 1.0 / (d * d);
    }
};

BPLAB_ACTIVATION(Softsign, .name = "softsign", .version = "1.0.0", .summary = "softsign z / (1 + |z|), range (-1, 1)",
                 .init = bplab::InitHint::xavier)
