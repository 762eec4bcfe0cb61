// Logistic sigmoid: a = 1 / (1 + e^-z), f'(z) = a (1 - a).
#include <cmath>

#include <bplab/plugin.hpp>

struct Sigmoid {
    // Two branches so that e^x never overflows: for z < 0, a = e^z / (1 + e^z).
    double value(double z) const {
        if (z >= 0)
            return 1.0 / (1.0 + std::exp(-z));
        double e = std::exp(z);
        return e / (1.0 + e);
    }
    double derivative(double, double a) const { return a * (1.0 - a); }
};

BPLAB_ACTIVATION(Sigmoid, .name = "sigmoid", .version = "1.0.0", .summary = "logistic sigmoid 1 / (1 + e^-z), range (0, 1)",
                 .init = bplab::InitHint::xavier)
