// A test-only second activation named tanh, so that tests can check which of two plugins of
// one kind and name the runner uses and that it names the other.
#include <cmath>

#include <bplab/plugin.hpp>

struct TanhCopy {
    double value(double z) const { return std::tanh(z); }
    double derivative(double, double a) const { return 1.0 - a * a; }
};

BPLAB_ACTIVATION(TanhCopy, .name = "tanh", .version = "9.9.9", .summary = "a copy of tanh (tests only)")
