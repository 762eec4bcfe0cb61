// Output layers and losses, chosen together by task. Where the pair has a simple joint
// derivative (sigmoid with binary cross-entropy, softmax with cross-entropy) the gradient is
// taken with respect to the logits directly, which is exact and cannot overflow.
//
// Shapes: Z and P are (n, k); k = 1 for binary and regression, the number of classes for
// softmax. y holds n targets: 0/1, a class index, or a (standardised) value.
#pragma once

#include <string>

#include "bplab/activation.hpp"
#include "bplab/matrix.hpp"

namespace bplab::nn {

enum class OutputKind { sigmoid, softmax, identity, plugin };
enum class LossKind { binary_cross_entropy, cross_entropy, mean_squared_error };

const char* to_string(OutputKind kind);
const char* to_string(LossKind kind);

// The output layer's function. `plugin` is any activation plugin (for example tanh), and may
// only be paired with mean squared error.
struct OutputSpec {
    OutputKind kind = OutputKind::identity;
    const Activation* plugin = nullptr;
    LossKind loss = LossKind::mean_squared_error;
};

// Computes P = output(Z), overwriting P.
void output_forward(const OutputSpec& spec, ConstMatrixRef Z, MatrixRef P);

// Returns the mean loss over the n rows, from the logits Z and the outputs P = output(Z).
//   binary cross-entropy from logits: max(z, 0) - z y + ln(1 + e^-|z|)
//   cross-entropy from logits:        logsumexp(z) - z_y
//   mean squared error:               Σ_j (p_j - y_j)² (one output, so one term)
double loss_value(const OutputSpec& spec, ConstMatrixRef Z, ConstMatrixRef P, const double* y);

// Computes dZ = ∂(mean loss)/∂Z, overwriting dZ. The 1/n of the mean is folded in here, so
// that the layers' gradients are already batch means.
//   sigmoid + binary cross-entropy:   dZ = (p - y) / n
//   softmax + cross-entropy:          dZ = (P - onehot(y)) / n
//   output f + mean squared error:    dZ = 2 (p - y) f'(z) / n
// `scratch` is (n, k) working space for the chain rule through a plugin output.
void loss_gradient(const OutputSpec& spec, ConstMatrixRef Z, ConstMatrixRef P, const double* y, MatrixRef dZ,
                   MatrixRef scratch);

}  // namespace bplab::nn
