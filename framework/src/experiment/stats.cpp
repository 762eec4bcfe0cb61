#include "experiment/stats.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

// Header-only; the Student t quantile and tail come from its incomplete beta functions.
#include <boost/math/distributions/students_t.hpp>

namespace bplab::experiment {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

struct Moments {
    double mean = 0;
    double variance = 0;  // sample variance, n − 1 in the denominator; 0 for n < 2
};

// Two passes (mean, then squared deviations), which stay accurate when the values are close
// together, as accuracies of one grid point are.
Moments moments(const std::vector<double>& values) {
    Moments result;
    if (values.empty())
        return result;
    double sum = 0;
    for (double v : values)
        sum += v;
    result.mean = sum / static_cast<double>(values.size());
    if (values.size() < 2)
        return result;
    double squares = 0;
    for (double v : values)
        squares += (v - result.mean) * (v - result.mean);
    result.variance = squares / static_cast<double>(values.size() - 1);
    return result;
}

// Fills t, dof and p from a difference and its standard error, with the zero-spread rule of
// welch_test.
void finish_test(TTest& test, double standard_error, double dof, double fallback_dof) {
    if (standard_error > 0) {
        test.t = test.difference / standard_error;
        test.dof = dof;
    } else {
        test.t = test.difference == 0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), test.difference);
        test.dof = fallback_dof;
    }
    test.p = two_sided_p(test.t, test.dof);
}

}  // namespace

const char* to_string(TestKind kind) {
    switch (kind) {
    case TestKind::paired:
        return "paired";
    case TestKind::welch:
        return "welch";
    case TestKind::none:
        break;
    }
    return "none";
}

double two_sided_p(double t, double dof) {
    if (std::isnan(t) || !(dof > 0))
        return not_a_number;
    if (std::isinf(t))
        return 0.0;
    const boost::math::students_t distribution(dof);
    return 2.0 * boost::math::cdf(boost::math::complement(distribution, std::fabs(t)));
}

MeanInterval mean_interval(const std::vector<double>& values, double confidence) {
    if (values.empty())
        throw std::invalid_argument("mean_interval: no values");
    if (!(confidence > 0 && confidence < 1))
        throw std::invalid_argument("mean_interval: confidence must lie in (0, 1)");
    const Moments m = moments(values);
    MeanInterval result;
    result.mean = m.mean;
    result.std = std::sqrt(m.variance);
    result.n = values.size();
    if (values.size() < 2) {
        result.low = result.high = not_a_number;
        return result;
    }
    const double dof = static_cast<double>(values.size() - 1);
    const boost::math::students_t distribution(dof);
    const double quantile = boost::math::quantile(distribution, 0.5 + confidence / 2);
    const double half_width = quantile * result.std / std::sqrt(static_cast<double>(values.size()));
    result.low = m.mean - half_width;
    result.high = m.mean + half_width;
    return result;
}

TTest welch_test(const std::vector<double>& a, const std::vector<double>& b) {
    TTest test;
    test.n_a = a.size();
    test.n_b = b.size();
    const Moments ma = moments(a);
    const Moments mb = moments(b);
    test.difference = mb.mean - ma.mean;
    if (a.size() < 2 || b.size() < 2) {
        test.t = test.dof = test.p = not_a_number;
        test.reason = "needs at least 2 trials on each side";
        return test;
    }
    test.kind = TestKind::welch;
    const double na = static_cast<double>(a.size());
    const double nb = static_cast<double>(b.size());
    const double va = ma.variance / na;  // s_a² / n_a, the squared standard error of mean_a
    const double vb = mb.variance / nb;
    const double standard_error = std::sqrt(va + vb);
    const double dof = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
    finish_test(test, standard_error, dof, na + nb - 2);
    return test;
}

TTest paired_test(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size())
        throw std::invalid_argument("paired_test: the samples differ in length");
    TTest test;
    test.n_a = a.size();
    test.n_b = b.size();
    std::vector<double> differences(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        differences[i] = b[i] - a[i];
    const Moments md = moments(differences);
    test.difference = md.mean;
    if (differences.size() < 2) {
        test.t = test.dof = test.p = not_a_number;
        test.reason = "needs at least 2 pairs";
        return test;
    }
    test.kind = TestKind::paired;
    const double n = static_cast<double>(differences.size());
    finish_test(test, std::sqrt(md.variance / n), n - 1, n - 1);
    return test;
}

}  // namespace bplab::experiment
