// Test-only activation with a deliberate bug, for the check-plugin tests: softsign,
// a = z / (1 + |z|), whose derivative is 1 / (1 + |z|)², but for z > 0 the square is missing.
// The error 1/(1 + z) - 1/(1 + z)² = u - u² with u = 1/(1 + z) is largest, 0.25, at z = 1,
// where the plugin returns 0.5 and the true derivative is 0.25.
#include <cmath>

#include <bplab/plugin.hpp>

struct WrongSoftsign {
    double value(double z) const { return z / (1.0 + std::abs(z)); }
    double derivative(double z, double) const {
        const double d = 1.0 + std::abs(z);
        return z > 0 ? 1.0 / d : 1.0 / (d * d);
    }
};

BPLAB_ACTIVATION(WrongSoftsign, .name = "wrong_softsign", .version = "1.0.0",
                 .summary = "softsign with a wrong derivative for z > 0 (test only)")
