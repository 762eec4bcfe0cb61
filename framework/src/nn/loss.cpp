#include "nn/loss.hpp"

#include <algorithm>
#include <cmath>

namespace bplab::nn {

const char* to_string(OutputKind kind) {
    switch (kind) {
    case OutputKind::sigmoid: return "sigmoid";
    case OutputKind::softmax: return "softmax";
    case OutputKind::identity: return "identity";
    case OutputKind::plugin: return "plugin";
    }
    return "unknown";
}

const char* to_string(LossKind kind) {
    switch (kind) {
    case LossKind::binary_cross_entropy: return "binary_cross_entropy";
    case LossKind::cross_entropy: return "cross_entropy";
    case LossKind::mean_squared_error: return "mse";
    }
    return "unknown";
}

namespace {

double sigmoid(double z) {
    if (z >= 0)
        return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

}  // namespace

void output_forward(const OutputSpec& spec, ConstMatrixRef Z, MatrixRef P) {
    switch (spec.kind) {
    case OutputKind::sigmoid:
        for (Eigen::Index i = 0; i < Z.rows(); ++i)
            for (Eigen::Index j = 0; j < Z.cols(); ++j)
                P(i, j) = sigmoid(Z(i, j));
        break;
    case OutputKind::softmax:
        // Subtracting the row maximum keeps every exponent at or below zero.
        for (Eigen::Index i = 0; i < Z.rows(); ++i) {
            const double top = Z.row(i).maxCoeff();
            double sum = 0;
            for (Eigen::Index j = 0; j < Z.cols(); ++j)
                sum += P(i, j) = std::exp(Z(i, j) - top);
            P.row(i) /= sum;
        }
        break;
    case OutputKind::identity:
        P = Z;
        break;
    case OutputKind::plugin:
        spec.plugin->forward(Z, P);
        break;
    }
}

double loss_value(const OutputSpec& spec, ConstMatrixRef Z, ConstMatrixRef P, const double* y) {
    const Eigen::Index n = Z.rows();
    double total = 0;
    switch (spec.loss) {
    case LossKind::binary_cross_entropy:
        if (spec.kind == OutputKind::sigmoid) {
            for (Eigen::Index i = 0; i < n; ++i) {
                const double z = Z(i, 0);
                total += std::max(z, 0.0) - z * y[i] + std::log1p(std::exp(-std::abs(z)));
            }
        } else {
            // Another output in (0, 1): clip the probability, since ln(0) is infinite.
            for (Eigen::Index i = 0; i < n; ++i) {
                const double p = std::clamp(P(i, 0), 1e-15, 1.0 - 1e-15);
                total -= y[i] * std::log(p) + (1.0 - y[i]) * std::log1p(-p);
            }
        }
        break;
    case LossKind::cross_entropy:
        for (Eigen::Index i = 0; i < n; ++i) {
            const double top = Z.row(i).maxCoeff();
            double sum = 0;
            for (Eigen::Index j = 0; j < Z.cols(); ++j)
                sum += std::exp(Z(i, j) - top);
            total += top + std::log(sum) - Z(i, static_cast<Eigen::Index>(y[i]));
        }
        break;
    case LossKind::mean_squared_error:
        for (Eigen::Index i = 0; i < n; ++i) {
            const double e = P(i, 0) - y[i];
            total += e * e;
        }
        break;
    }
    return n > 0 ? total / static_cast<double>(n) : 0.0;
}

void loss_gradient(const OutputSpec& spec, ConstMatrixRef Z, ConstMatrixRef P, const double* y, MatrixRef dZ,
                   MatrixRef scratch) {
    const Eigen::Index n = Z.rows();
    const double scale = 1.0 / static_cast<double>(n);
    switch (spec.loss) {
    case LossKind::binary_cross_entropy:
        for (Eigen::Index i = 0; i < n; ++i)
            dZ(i, 0) = (P(i, 0) - y[i]) * scale;
        return;
    case LossKind::cross_entropy:
        dZ = P * scale;
        for (Eigen::Index i = 0; i < n; ++i)
            dZ(i, static_cast<Eigen::Index>(y[i])) -= scale;
        return;
    case LossKind::mean_squared_error:
        break;
    }

    // Mean squared error: dP = 2 (p - y) / n, then through the output function.
    for (Eigen::Index i = 0; i < n; ++i)
        scratch(i, 0) = 2.0 * (P(i, 0) - y[i]) * scale;
    switch (spec.kind) {
    case OutputKind::identity:
        dZ = scratch;
        break;
    case OutputKind::sigmoid:
        // σ'(z) = p (1 - p)
        for (Eigen::Index i = 0; i < n; ++i)
            dZ(i, 0) = scratch(i, 0) * P(i, 0) * (1.0 - P(i, 0));
        break;
    case OutputKind::plugin:
        spec.plugin->backward(Z, P, scratch, dZ);
        break;
    case OutputKind::softmax:
        // Rejected when the model is built: softmax is only paired with cross-entropy.
        dZ.setZero();
        break;
    }
}

}  // namespace bplab::nn
