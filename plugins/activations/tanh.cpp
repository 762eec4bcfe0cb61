// Hyperbolic tangent: a = tanh(z), f'(z) = 1 - a^2.
//
// tanh is most of the arithmetic outside the matrix products in a small tanh network, and the
// C library's tanh is one scalar call per element, so forward evaluates it here in loops
// the compiler vectorizes:
//   tanh(|z|) = -e / (2 + e)  with  e = expm1(-2|z|) in (-1, 0],  and the sign of z restored.
// Measured against glibc 2.36's tanh on 14 million points with |z| in [2^-31, 64], the result
// differs by at most 3 units in the last place; tests/perf/tanh_accuracy_test.cpp checks 4.
#include <bit>
#include <cmath>
#include <cstdint>

#include <bplab/plugin.hpp>

namespace {

// Returns e^u - 1 for u in [-40, 0], with a relative error of a few units in the last place.
// Range reduction: u = k ln 2 + r with k = round(u / ln 2) and |r| ≤ ln(2) / 2, so
// e^u - 1 = 2^k (expm1(r) + 1) - 1 = 2^k expm1(r) + (2^k - 1), which loses no precision near
// u = 0 (k = 0 there). expm1(r) is its Taylor series to r^13 / 13!, whose truncation error is
// below |r|^13 / 14! < 1.2e-17 |r| on that interval.
inline double expm1_nonpositive(double u) {
    constexpr double log2e = 1.4426950408889634074;
    // ln 2 split so that k · ln2_high is exact for |k| < 2^11: the high part has 21 trailing
    // zero bits in its significand.
    constexpr double ln2_high = 6.93147180369123816490e-01;
    constexpr double ln2_low = 1.90821492927058770002e-10;
    // Adding 1.5 · 2^52 rounds to an integer (in the current rounding mode, round to nearest)
    // and leaves that integer in the low bits of the significand.
    constexpr double round_shift = 0x1.8p52;
    const double shifted = u * log2e + round_shift;
    const double k = shifted - round_shift;
    const std::int64_t k_bits = std::bit_cast<std::int64_t>(shifted) - std::bit_cast<std::int64_t>(round_shift);
    const double r = (u - k * ln2_high) - k * ln2_low;

    // expm1(r) = r + r^2 (1/2! + r/3! + ... + r^11/13!), by Horner's rule.
    double q = 1.0 / 6227020800.0;
    q = q * r + 1.0 / 479001600.0;
    q = q * r + 1.0 / 39916800.0;
    q = q * r + 1.0 / 3628800.0;
    q = q * r + 1.0 / 362880.0;
    q = q * r + 1.0 / 40320.0;
    q = q * r + 1.0 / 5040.0;
    q = q * r + 1.0 / 720.0;
    q = q * r + 1.0 / 120.0;
    q = q * r + 1.0 / 24.0;
    q = q * r + 1.0 / 6.0;
    q = q * r + 0.5;
    const double expm1_r = r + r * r * q;

    // 2^k from its bits; k ≥ -58 here, so the exponent field k + 1023 stays normal.
    const double scale = std::bit_cast<double>((k_bits + 1023) << 52);
    return scale * expm1_r + (scale - 1.0);
}

// Computes a[j] = tanh(z[j]) for j < n; a may be z. Two passes, because a clamp and the expm1
// in one loop keep GCC 12 from vectorizing it (it specializes expm1 on the clamped constant).
// The first pass clamps z to [-20, 20]: tanh(20) is 1 to double precision, and the clamp keeps
// 2^k normal. NaN passes through both passes unchanged.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__AVX2__)
// One copy of the loops per instruction set, chosen when the plugin loads, so that a portable
// build still uses AVX2 or AVX-512 where the processor has them. A build for a given processor
// (-march=native) needs no copies, and GCC would not inline the helpers into them.
__attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#endif
void tanh_array(const double* z, double* a, std::ptrdiff_t n) {
    for (std::ptrdiff_t j = 0; j < n; ++j) {
        const double magnitude = std::fabs(z[j]);
        a[j] = std::copysign(magnitude > 20.0 ? 20.0 : magnitude, z[j]);
    }
    for (std::ptrdiff_t j = 0; j < n; ++j) {
        const double e = expm1_nonpositive(-2.0 * std::fabs(a[j]));
        a[j] = std::copysign(-e / (2.0 + e), a[j]);
    }
}

class Tanh final : public bplab::Activation {
public:
    explicit Tanh(const bplab::Options&) {}

    void forward(bplab::ConstMatrixRef Z, bplab::MatrixRef A) const override {
        // The first rows of a row-major buffer are one contiguous block: one call for all.
        if (Z.outerStride() == Z.cols() && A.outerStride() == A.cols()) {
            tanh_array(Z.data(), A.data(), Z.size());
            return;
        }
        for (Eigen::Index i = 0; i < Z.rows(); ++i)
            tanh_array(Z.data() + i * Z.outerStride(), A.data() + i * A.outerStride(), Z.cols());
    }

    // dZ = dA ⊙ (1 - A ⊙ A)
    void backward(bplab::ConstMatrixRef, bplab::ConstMatrixRef A, bplab::ConstMatrixRef dA, bplab::MatrixRef dZ) const override {
        if (A.outerStride() == A.cols() && dA.outerStride() == dA.cols() && dZ.outerStride() == dZ.cols()) {
            const double* a = A.data();
            const double* da = dA.data();
            double* dz = dZ.data();
            for (Eigen::Index j = 0; j < A.size(); ++j)
                dz[j] = da[j] * (1.0 - a[j] * a[j]);
            return;
        }
        for (Eigen::Index i = 0; i < A.rows(); ++i) {
            const double* a = A.data() + i * A.outerStride();
            const double* da = dA.data() + i * dA.outerStride();
            double* dz = dZ.data() + i * dZ.outerStride();
            for (Eigen::Index j = 0; j < A.cols(); ++j)
                dz[j] = da[j] * (1.0 - a[j] * a[j]);
        }
    }
};

}  // namespace

BPLAB_ACTIVATION(Tanh, .name = "tanh", .version = "1.0.0", .summary = "hyperbolic tangent, range (-1, 1)",
                 .init = bplab::InitHint::xavier)
