// Statistics for comparing results: confidence intervals of a mean and two-sample t-tests
// (Welch's and paired), on the Student t distribution of Boost.Math.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace bplab::experiment {

// The mean of a sample with its two-sided confidence interval from the Student t
// distribution: mean ± t(1 - α/2, n - 1) · s / √n, with s the sample standard deviation
// (n - 1 in the denominator). With fewer than two values, std is 0 and the bounds are NaN,
// because one value cannot estimate the spread.
struct MeanInterval {
    double mean = 0;
    double std = 0;
    std::size_t n = 0;
    double low = 0;
    double high = 0;
};

// Computes the mean, sample standard deviation and confidence interval of `values`.
// `confidence` is the coverage, 0.95 for a 95% interval; throws std::invalid_argument
// outside (0, 1) and for an empty sample.
MeanInterval mean_interval(const std::vector<double>& values, double confidence = 0.95);

enum class TestKind {
    none,    // too few values for any test
    paired,  // t-test on the differences of matched pairs
    welch,   // Welch's unequal-variance t-test with Welch–Satterthwaite degrees of freedom
};

// Returns "paired", "welch" or "none".
const char* to_string(TestKind kind);

// The outcome of a two-sample test of B against A. `difference` is mean(B) − mean(A) (for a
// paired test, the mean of the differences b_i − a_i, which is the same number). `p` is
// two-sided. For TestKind::none, t, dof and p are NaN and `reason` explains why.
struct TTest {
    TestKind kind = TestKind::none;
    double difference = 0;
    double t = 0;
    double dof = 0;
    double p = 0;
    std::size_t n_a = 0;
    std::size_t n_b = 0;
    std::string reason;
};

// Welch's t-test of mean(b) − mean(a):
//   t = (mean_b − mean_a) / √(s_a²/n_a + s_b²/n_b)
//   dof = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1))
// Needs at least two values on each side. When both samples have no spread (often: every
// trial at accuracy 1), the standard error is 0: then t is 0 and p is 1 for equal means, and
// t is ±infinity and p is 0 for different ones, with dof = n_a + n_b − 2.
TTest welch_test(const std::vector<double>& a, const std::vector<double>& b);

// Paired t-test on d_i = b_i − a_i (a and b in matching order, of the same length):
//   t = mean(d) / (s_d / √n), dof = n − 1.
// Needs at least two pairs; throws std::invalid_argument when the lengths differ. Differences
// without spread are handled as in welch_test, with dof = n − 1.
TTest paired_test(const std::vector<double>& a, const std::vector<double>& b);

// Returns the two-sided p-value of a t statistic with `dof` degrees of freedom:
// 2 · P(T > |t|). Infinite t gives 0.
double two_sided_p(double t, double dof);

}  // namespace bplab::experiment
