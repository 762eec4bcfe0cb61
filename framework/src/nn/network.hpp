// A dense multilayer perceptron with hand-written backpropagation.
//
// Letters, fixed for this file: n is the batch size, and layer l maps (n, in_l) to (n, out_l).
//   X  (n, in)        input batch, one sample a row
//   W  (in, out)      weights;  b (1, out) biases
//   Z  (n, out)       pre-activations Z = X W + b
//   A  (n, out)       activations A = f(Z)
//   dW, db, dZ, dA    gradients of the mean batch loss with respect to each of these
//
// All parameters live in one contiguous vector (and all gradients in another), so that the
// optimizer sees stable blocks and early stopping can copy the best weights in one go. Buffers
// are sized once by prepare(), so forward and backward never allocate.
#pragma once

#include <cstdint>
#include <vector>

#include "bplab/activation.hpp"
#include "bplab/matrix.hpp"
#include "bplab/optimizer.hpp"
#include "bplab/random.hpp"
#include "nn/loss.hpp"

namespace bplab::nn {

enum class InitKind { xavier, he };

struct NetworkSpec {
    int inputs = 0;
    std::vector<int> hidden;                 // neurons per hidden layer
    std::vector<const Activation*> hidden_activations;  // one per hidden layer
    std::vector<InitKind> hidden_init;       // one per hidden layer
    int outputs = 1;
    OutputSpec output;
    bool bias = true;
};

class Network {
public:
    explicit Network(NetworkSpec spec);

    // Draws the initial weights: Xavier/Glorot uniform U(±√(6 / (in + out))) or He uniform
    // U(±√(6 / in)); biases start at zero.
    void initialize(Random& random);

    // Sizes the per-layer buffers for batches of up to max_batch rows.
    void prepare(Eigen::Index max_batch);
    Eigen::Index max_batch() const { return max_batch_; }

    // Runs X (n, in) through the network and returns the outputs P (n, outputs), a view that
    // stays valid until the next forward call. n must not exceed max_batch().
    ConstMatrixRef forward(ConstMatrixRef X);

    // Returns the mean loss of the last forward pass against targets y (n values).
    double loss(const double* y) const;

    // Computes the gradients of the mean loss of the last forward pass, overwriting them.
    // X must be the batch of that forward pass.
    void backward(ConstMatrixRef X, const double* y);

    // Adds the L2 term λ w to the weight gradients (biases excluded): ∂/∂w of (λ/2) Σ w².
    void add_weight_decay(double lambda);

    // Returns the sum of squared weights (biases excluded), for reporting the L2 penalty.
    double weight_norm_squared() const;

    std::vector<double>& parameters() { return parameters_; }
    const std::vector<double>& parameters() const { return parameters_; }
    const std::vector<double>& gradients() const { return gradients_; }

    // Returns one block per weight matrix and bias vector, for the optimizer.
    const std::vector<ParamBlock>& blocks() const { return blocks_; }

    const NetworkSpec& spec() const { return spec_; }
    std::size_t layer_count() const { return layers_.size(); }

private:
    struct Layer {
        int in = 0, out = 0;
        std::size_t weight_offset = 0, bias_offset = 0;
        const Activation* activation = nullptr;  // null for the output layer
        Matrix Z, A, dZ, dA;                      // (max_batch, out)
        Matrix weights_transposed;                // (out, in): Wᵀ for dA_prev = dZ Wᵀ by the small-product kernel
    };

    Eigen::Map<Matrix> weights(std::size_t l);
    Eigen::Map<const Matrix> weights(std::size_t l) const;
    Eigen::Map<Matrix> weight_gradients(std::size_t l);

    NetworkSpec spec_;
    std::vector<Layer> layers_;
    std::vector<double> parameters_;
    std::vector<double> gradients_;
    std::vector<ParamBlock> blocks_;
    Matrix scratch_;
    Eigen::Index max_batch_ = 0;
    Eigen::Index rows_ = 0;  // rows of the last forward pass
};

}  // namespace bplab::nn
