// Hyperbolic tangent: a = tanh(z), f'(z) = 1 - a^2.
#include <cmath>

#include <bplab/plugin.hpp>

struct Tanh {
    double value(double z) const { return std::tanh(z); }
    double derivative(double, double a) const { return 1.0 - a * a; }
};

BPLAB_ACTIVATION(Tanh, .name = "tanh", .version = "1.0.0", .summary = "hyperbolic tangent, range (-1, 1)",
                 .init = bplab::InitHint::xavier)
