// Rectified linear unit: a = max(0, z), f'(z) = 1 for z > 0 and 0 otherwise (0 at z = 0).
#include <bplab/plugin.hpp>

struct Relu {
    double value(double z) const { return z > 0 ? z : 0.0; }
    double derivative(double z, double) const { return z > 0 ? 1.0 : 0.0; }
};

BPLAB_ACTIVATION(Relu, .name = "relu", .version = "1.0.0", .summary = "rectified linear unit max(0, z)",
                 .init = bplab::InitHint::he)
