#include "nn/network.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace bplab::nn {

namespace {

// Small products. For layers of a few dozen units Eigen's general product spends more time
// choosing block sizes and packing its operands than multiplying, so these kernels compute
//   C (m, n) = A (m, k) B (k, n)   [+ the row vector c0, added to every row of C]
// directly, for n a multiple of 8: B and C row-major with row strides ldb and ldc, and A
// element (i, p) at A[i · a_row + p · a_column], so that a transposed A is only a change of
// strides. Each block of C (8 × 16 with AVX-512, else 4 × 8) is summed in registers over
// p = 0, 1, ..., k - 1 in order, so every entry gets the same sum whatever the block size.
//
// Up to which layer size they beat Eigen depends on the instruction set (measured with batches
// of 32 on an AMD EPYC, CPU time): with AVX-512, 8 × 16 blocks reach about 120 GFLOP/s at 256
// units against Eigen's 56-74. Eigen built for AVX2 wins from about 128 units on against the
// 4 × 8 blocks. In a portable build Eigen has only SSE2 while these kernels pick AVX2 or
// AVX-512 at run time. They have no cache blocking, so wider layers are left to Eigen.
#if defined(__AVX2__) && !defined(__AVX512F__)
constexpr Eigen::Index small_product_max_units = 64;
#else
constexpr Eigen::Index small_product_max_units = 256;
#endif
constexpr Eigen::Index small_product_columns = 8;

struct Operand {
    const double* data;
    Eigen::Index row_stride, column_stride;
    double at(Eigen::Index i, Eigen::Index p) const { return data[i * row_stride + p * column_stride]; }
    Operand rows_from(Eigen::Index i) const { return {data + i * row_stride, row_stride, column_stride}; }
};

// Eight doubles as one GCC vector: one AVX-512 register, two AVX2 or four SSE2 registers.
using Lane = double __attribute__((vector_size(small_product_columns * sizeof(double))));

[[gnu::always_inline]] inline void load_lane(Lane& lane, const double* source) { std::memcpy(&lane, source, sizeof lane); }

// Computes Rows × (8 · Lanes) entries of C.
template <int Rows, int Lanes>
[[gnu::always_inline]] inline void product_block(Operand A, const double* B, Eigen::Index ldb, const double* c0, double* C,
                                                 Eigen::Index ldc, Eigen::Index depth) {
    Lane sum[Rows][Lanes];
    for (int l = 0; l < Lanes; ++l) {
        Lane start{};
        if (c0)
            load_lane(start, c0 + l * small_product_columns);
        for (int i = 0; i < Rows; ++i)
            sum[i][l] = start;
    }
    for (Eigen::Index p = 0; p < depth; ++p) {
        Lane b[Lanes];
        for (int l = 0; l < Lanes; ++l)
            load_lane(b[l], B + p * ldb + l * small_product_columns);
        for (int i = 0; i < Rows; ++i) {
            const double a = A.at(i, p);
            for (int l = 0; l < Lanes; ++l)
                sum[i][l] += a * b[l];
        }
    }
    for (int i = 0; i < Rows; ++i)
        for (int l = 0; l < Lanes; ++l)
            std::memcpy(C + i * ldc + l * small_product_columns, &sum[i][l], sizeof(Lane));
}

// Computes the columns [j, j + 8 · Lanes) of C in blocks of Rows rows, then the rows left over.
template <int Rows, int Lanes>
[[gnu::always_inline]] inline void product_columns(Operand A, const double* B, Eigen::Index ldb, const double* c0, double* C,
                                                   Eigen::Index ldc, Eigen::Index m, Eigen::Index k) {
    Eigen::Index i = 0;
    for (; i + Rows <= m; i += Rows)
        product_block<Rows, Lanes>(A.rows_from(i), B, ldb, c0, C + i * ldc, ldc, k);
    if constexpr (Rows > 4) {
        if (i + 4 <= m) {
            product_block<4, Lanes>(A.rows_from(i), B, ldb, c0, C + i * ldc, ldc, k);
            i += 4;
        }
    }
    switch (m - i) {
    case 3: product_block<3, Lanes>(A.rows_from(i), B, ldb, c0, C + i * ldc, ldc, k); break;
    case 2: product_block<2, Lanes>(A.rows_from(i), B, ldb, c0, C + i * ldc, ldc, k); break;
    case 1: product_block<1, Lanes>(A.rows_from(i), B, ldb, c0, C + i * ldc, ldc, k); break;
    default: break;
    }
}

// Computes C in column strips of 8 · Lanes, then one strip of 8 where n is not a multiple.
template <int Rows, int Lanes>
[[gnu::always_inline]] inline void product_strips(Operand A, const double* B, Eigen::Index ldb, const double* c0, double* C,
                                                  Eigen::Index ldc, Eigen::Index m, Eigen::Index n, Eigen::Index k) {
    constexpr Eigen::Index strip = Lanes * small_product_columns;
    Eigen::Index j = 0;
    for (; j + strip <= n; j += strip)
        product_columns<Rows, Lanes>(A, B + j, ldb, c0 ? c0 + j : nullptr, C + j, ldc, m, k);
    for (; j < n; j += small_product_columns)
        product_columns<Rows, 1>(A, B + j, ldb, c0 ? c0 + j : nullptr, C + j, ldc, m, k);
}

#if defined(__AVX512F__)
// Built for a processor with AVX-512: 8 × 16 blocks, 16 of the 32 vector registers.
void small_product(Operand A, const double* B, Eigen::Index ldb, const double* c0, double* C, Eigen::Index ldc,
                   Eigen::Index m, Eigen::Index n, Eigen::Index k) {
    product_strips<8, 2>(A, B, ldb, c0, C, ldc, m, n, k);
}
#elif defined(__x86_64__) && defined(__GNUC__) && !defined(__AVX2__) && !defined(__SANITIZE_THREAD__)
// (ThreadSanitizer builds skip the copies: GCC 12 instruments the ifunc resolver that picks a
// copy, and the resolver runs during relocation, before the TSan runtime exists, so it crashes.)
// A portable build: the kernel is compiled for AVX-512 (8 × 16 blocks), and for AVX2 and the
// x86-64 baseline (4 × 8 blocks, as they have 16 vector registers), and small_product picks
// one when it first runs. A build for a given processor (-march=native) needs no copies.
__attribute__((target("arch=x86-64-v4"))) void small_product_avx512(Operand A, const double* B, Eigen::Index ldb,
                                                                     const double* c0, double* C, Eigen::Index ldc,
                                                                     Eigen::Index m, Eigen::Index n, Eigen::Index k) {
    product_strips<8, 2>(A, B, ldb, c0, C, ldc, m, n, k);
}

__attribute__((target_clones("default", "arch=x86-64-v3"))) void small_product_narrow(Operand A, const double* B,
                                                                                      Eigen::Index ldb, const double* c0,
                                                                                      double* C, Eigen::Index ldc,
                                                                                      Eigen::Index m, Eigen::Index n,
                                                                                      Eigen::Index k) {
    product_strips<4, 1>(A, B, ldb, c0, C, ldc, m, n, k);
}

void small_product(Operand A, const double* B, Eigen::Index ldb, const double* c0, double* C, Eigen::Index ldc,
                   Eigen::Index m, Eigen::Index n, Eigen::Index k) {
    static const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
    if (avx512)
        small_product_avx512(A, B, ldb, c0, C, ldc, m, n, k);
    else
        small_product_narrow(A, B, ldb, c0, C, ldc, m, n, k);
}
#else
void small_product(Operand A, const double* B, Eigen::Index ldb, const double* c0, double* C, Eigen::Index ldc,
                   Eigen::Index m, Eigen::Index n, Eigen::Index k) {
    product_strips<4, 1>(A, B, ldb, c0, C, ldc, m, n, k);
}
#endif

// Writes Wᵀ (out, in) of the row-major W (in, out) in 8 × 8 tiles, so that reads and writes
// stay within a few cache lines; a plain column-by-column copy of a 256 × 256 W misses the L1
// cache on almost every read.
void transpose(const double* W, Eigen::Index in, Eigen::Index out, double* WT) {
    constexpr Eigen::Index tile = 8;
    for (Eigen::Index r = 0; r < in; r += tile) {
        const Eigen::Index r_end = std::min(r + tile, in);
        for (Eigen::Index c = 0; c < out; c += tile) {
            const Eigen::Index c_end = std::min(c + tile, out);
            for (Eigen::Index i = r; i < r_end; ++i)
                for (Eigen::Index j = c; j < c_end; ++j)
                    WT[j * in + i] = W[i * out + j];
        }
    }
}

// Returns true when a product with `columns` columns of C and these layer sizes uses small_product.
bool use_small_product(Eigen::Index columns, int in, int out) {
    return columns % small_product_columns == 0 && in <= small_product_max_units && out <= small_product_max_units;
}

}  // namespace

Network::Network(NetworkSpec spec) : spec_(std::move(spec)) {
    std::size_t offset = 0;
    int in = spec_.inputs;
    const std::size_t hidden = spec_.hidden.size();
    for (std::size_t l = 0; l <= hidden; ++l) {
        Layer layer;
        layer.in = in;
        layer.out = l < hidden ? spec_.hidden[l] : spec_.outputs;
        layer.activation = l < hidden ? spec_.hidden_activations[l] : nullptr;
        if (l > 0 && use_small_product(layer.in, layer.in, layer.out))
            layer.weights_transposed.resize(layer.out, layer.in);
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
        if (use_small_product(layer.out, layer.in, layer.out)) {
            const double* input = l == 0 ? X.data() : layers_[l - 1].A.data();
            const Eigen::Index input_stride = l == 0 ? X.outerStride() : layers_[l - 1].A.outerStride();
            small_product({input, input_stride, 1}, parameters_.data() + layer.weight_offset, layer.out,
                          spec_.bias ? parameters_.data() + layer.bias_offset : nullptr, layer.Z.data(), layer.Z.outerStride(), n,
                          layer.out, layer.in);
        } else {
            if (l == 0)
                Z.noalias() = X * weights(l);
            else
                Z.noalias() = layers_[l - 1].A.topRows(n) * weights(l);
            if (spec_.bias)
                Z.rowwise() += Eigen::Map<const Eigen::RowVectorXd>(parameters_.data() + layer.bias_offset, layer.out);
        }

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
        if (use_small_product(layer.out, layer.in, layer.out)) {
            const double* input = l == 0 ? X.data() : layers_[l - 1].A.data();
            const Eigen::Index input_stride = l == 0 ? X.outerStride() : layers_[l - 1].A.outerStride();
            small_product({input, 1, input_stride}, layer.dZ.data(), layer.dZ.outerStride(), nullptr,
                          gradients_.data() + layer.weight_offset, layer.out, layer.in, layer.out, n);
        } else if (l == 0) {
            weight_gradients(l).noalias() = X.transpose() * dZ;
        } else {
            weight_gradients(l).noalias() = layers_[l - 1].A.topRows(n).transpose() * dZ;
        }
        if (spec_.bias) {
            // Row by row, so that the sum runs along contiguous memory of the row-major dZ.
            Eigen::Map<Eigen::RowVectorXd> db(gradients_.data() + layer.bias_offset, layer.out);
            db.setZero();
            for (Eigen::Index i = 0; i < n; ++i)
                db += dZ.row(i);
        }

        if (l == 0)
            break;
        Layer& previous = layers_[l - 1];
        if (use_small_product(layer.in, layer.in, layer.out)) {
            transpose(parameters_.data() + layer.weight_offset, layer.in, layer.out, layer.weights_transposed.data());
            small_product({layer.dZ.data(), layer.dZ.outerStride(), 1}, layer.weights_transposed.data(), layer.in, nullptr,
                          previous.dA.data(), previous.dA.outerStride(), n, layer.in, layer.out);
        } else {
            previous.dA.topRows(n).noalias() = dZ * weights(l).transpose();
        }
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
