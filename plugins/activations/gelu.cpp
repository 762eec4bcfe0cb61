// Gaussian error linear unit, exact form: a = z Φ(z) with Φ the standard normal CDF.
// f'(z) = Φ(z) + z φ(z), where φ(z) = e^(-z²/2) / √(2π).
#include <cmath>

#include <bplab/plugin.hpp>

struct Gelu {
    static double cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

    double value(double z) const { return z * cdf(z); }
    double derivative(double z, double) const {
        const double inv_sqrt_2pi = 0.3989422804014327;
        return cdf(z) + z * inv_sqrt_2pi * std::exp(-0.5 * z * z);
    }
};

BPLAB_ACTIVATION(Gelu, .name = "gelu", .version = "1.0.0", .summary = "Gaussian error linear unit z Φ(z), exact (erf) form",
                 .init = bplab::InitHint::he)
