// Identity: a = z, f'(z) = 1. The output of regression networks, and a baseline in grids.
#include <bplab/plugin.hpp>

struct Identity {
    double value(double z) const { return z; }
    double derivative(double, double) const { return 1.0; }
};

BPLAB_ACTIVATION(Identity, .name = "identity", .version = "1.0.0", .summary = "identity z (a linear layer)",
                 .init = bplab::InitHint::xavier)
