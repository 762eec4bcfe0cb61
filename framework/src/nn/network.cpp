#include "nn/network.hpp"

#include <cmath>
#include <stdexcept>

namespace bplab::nn {

Network::Network(NetworkSpec spec) : spec_(std::move(spec)) {
    std::size_t offset = 0;
    int in = spec_.inputs;
    const std::size_t hidden = spec_.hidden.size();
    for (std::size_t l = 0; l <= hidden; ++l) {
        Layer layer;
        layer.in = in;
        layer.out = l < hidden ? spec_.hidden[l] : spec_.outputs;
        layer.activation = l < hidden ? spec_.hidden_activations[l] : nullptr;
        layer.weight_offset = offset;
        offset += static_cast<std::size_t>(layer.in) * static_cast<std::size_t>(layer.out);
        layer.bias_offset = offset;
        if (spec_.bias)
            offset += static_cast<std::size_t>(layer.out);
        in = layer.out;
        layers_.push_back(std::move(layer));
    }
    parameters_.assign(offset, 0.0);
    gradients_.assign(offset, 0.0);

    for (const Layer& layer : layers_) {
        const std::size_t weight_count = static_cast<std::size_t>(layer.in) * static_cast<std::size_t>(layer.out);
        blocks_.push_back({std::span<double>(parameters_.data() + layer.weight_offset, weight_count),
                           std::span<const double>(gradients_.data() + layer.weight_offset, weight_count), false});
        if (spec_.bias)
            blocks_.push_back({std::span<double>(parameters_.data() + layer.bias_offset, static_cast<std::size_t>(layer.out)),
                               std::span<const double>(gradients_.data() + layer.bias_offset, static_cast<std::size_t>(layer.out)),
                               true});
    }
}

Eigen::Map<Matrix> Network::weights(std::size_t l) {
    return {parameters_.data() + layers_[l].weight_offset, layers_[l].in, layers_[l].out};
}

Eigen::Map<const Matrix> Network::weights(std::size_t l) const {
    return {parameters_.data() + layers_[l].weight_offset, layers_[l].in, layers_[l].out};
}

Eigen::Map<Matrix> Network::weight_gradients(std::size_t l) {
    return {gradients_.data() + layers_[l].weight_offset, layers_[l].in, layers_[l].out};
}

void Network::initialize(Random& random) {
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const Layer& layer = layers_[l];
        const bool is_output = l + 1 == layers_.size();
        const InitKind kind = is_output ? InitKind::xavier : spec_.hidden_init[l];
        const double limit = kind == InitKind::he ? std::sqrt(6.0 / layer.in) : std::sqrt(6.0 / (layer.in + layer.out));
        const std::size_t count = static_cast<std::size_t>(layer.in) * static_cast<std::size_t>(layer.out);
        for (std::size_t i = 0; i < count; ++i)
            parameters_[layer.weight_offset + i] = random.uniform(-limit, limit);
        if (spec_.bias)
            for (int j = 0; j < layer.out; ++j)
                parameters_[layer.bias_offset + static_cast<std::size_t>(j)] = 0.0;
    }
}

void Network::prepare(Eigen::Index max_batch) {
    max_batch_ = max_batch;
    for (Layer& layer : layers_) {
        layer.Z.resize(max_batch, layer.out);
        layer.A.resize(max_batch, layer.out);
        layer.dZ.resize(max_batch, layer.out);
        layer.dA.resize(max_batch, layer.out);
    }
    scratch_.resize(max_batch, spec_.outputs);
}

ConstMatrixRef Network::forward(ConstMatrixRef X) {
    const Eigen::Index n = X.rows();
    if (n > max_batch_)
        throw std::logic_error("Network::forward: batch larger than the prepared buffers");
    rows_ = n;

    for (std::size_t l = 0; l < layers_.size(); ++l) {
        Layer& layer = layers_[l];
        auto Z = layer.Z.topRows(n);
        // Z = X W + b
        if (l == 0)
            Z.noalias() = X * weights(l);
        else
            Z.noalias() = layers_[l - 1].A.topRows(n) * weights(l);
        if (spec_.bias)
            Z.rowwise() += Eigen::Map<const Eigen::RowVectorXd>(parameters_.data() + layer.bias_offset, layer.out);

        if (layer.activation)
            layer.activation->forward(Z, layer.A.topRows(n));
        else
            output_forward(spec_.output, Z, layer.A.topRows(n));
    }
    return layers_.back().A.topRows(n);
}

double Network::loss(const double* y) const {
    const Layer& last = layers_.back();
    return loss_value(spec_.output, last.Z.topRows(rows_), last.A.topRows(rows_), y);
}

void Network::backward(ConstMatrixRef X, const double* y) {
    const Eigen::Index n = rows_;
    Layer& last = layers_.back();
    loss_gradient(spec_.output, last.Z.topRows(n), last.A.topRows(n), y, last.dZ.topRows(n), scratch_.topRows(n));

    for (std::size_t l = layers_.size(); l-- > 0;) {
        Layer& layer = layers_[l];
        auto dZ = layer.dZ.topRows(n);

        // Z = A_prev W + b  gives  dW = A_prevᵀ dZ,  db = Σ_rows dZ,  dA_prev = dZ Wᵀ.
        if (l == 0)
            weight_gradients(l).noalias() = X.transpose() * dZ;
        else
            weight_gradients(l).noalias() = layers_[l - 1].A.topRows(n).transpose() * dZ;
        if (spec_.bias)
            Eigen::Map<Eigen::RowVectorXd>(gradients_.data() + layer.bias_offset, layer.out) = dZ.colwise().sum();

        if (l == 0)
            break;
        Layer& previous = layers_[l - 1];
        previous.dA.topRows(n).noalias() = dZ * weights(l).transpose();
        // dZ_prev = dA_prev ⊙ f'(Z_prev), from the activation plugin.
        previous.activation->backward(previous.Z.topRows(n), previous.A.topRows(n), previous.dA.topRows(n),
                                      previous.dZ.topRows(n));
    }
}

void Network::add_weight_decay(double lambda) {
    if (lambda == 0)
        return;
    for (std::size_t l = 0; l < layers_.size(); ++l)
        weight_gradients(l) += lambda * weights(l);
}

double Network::weight_norm_squared() const {
    double total = 0;
    for (std::size_t l = 0; l < layers_.size(); ++l)
        total += weights(l).squaredNorm();
    return total;
}

}  // namespace bplab::nn
