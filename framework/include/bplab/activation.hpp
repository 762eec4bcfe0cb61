// Activation plugins. An activation works on a whole batch at once; the element-wise helper
// below lets an author write only the scalar function and its derivative.
#pragma once

#include <memory>
#include <type_traits>

#include "bplab/manifest.hpp"
#include "bplab/matrix.hpp"

namespace bplab {

// Z, A, dA and dZ are all (batch, units).
class Activation {
public:
    virtual ~Activation() = default;

    // Computes A = f(Z), overwriting A.
    virtual void forward(ConstMatrixRef Z, MatrixRef A) const = 0;

    // Computes dZ = dA ⊙ f'(Z), overwriting dZ. A is f(Z) from the forward pass, handed over so
    // that derivatives written in terms of the output (sigmoid, tanh) need not recompute it.
    virtual void backward(ConstMatrixRef Z, ConstMatrixRef A, ConstMatrixRef dA, MatrixRef dZ) const = 0;
};

// Wraps a scalar function object into an Activation. `Fn` provides
//     double value(double z) const;                  // a = f(z)
//     double derivative(double z, double a) const;   // f'(z), given a = f(z)
// and either a default constructor or a constructor from `const Options&`.
template <class Fn>
class ElementwiseActivation final : public Activation {
public:
    explicit ElementwiseActivation(const Options& options) : fn_(make(options)) {}

    void forward(ConstMatrixRef Z, MatrixRef A) const override {
        for (Eigen::Index i = 0; i < Z.rows(); ++i) {
            const double* z = Z.data() + i * Z.outerStride();
            double* a = A.data() + i * A.outerStride();
            for (Eigen::Index j = 0; j < Z.cols(); ++j)
                a[j] = fn_.value(z[j]);
        }
    }

    void backward(ConstMatrixRef Z, ConstMatrixRef A, ConstMatrixRef dA, MatrixRef dZ) const override {
        for (Eigen::Index i = 0; i < Z.rows(); ++i) {
            const double* z = Z.data() + i * Z.outerStride();
            const double* a = A.data() + i * A.outerStride();
            const double* da = dA.data() + i * dA.outerStride();
            double* dz = dZ.data() + i * dZ.outerStride();
            for (Eigen::Index j = 0; j < Z.cols(); ++j)
                dz[j] = da[j] * fn_.derivative(z[j], a[j]);
        }
    }

private:
    static Fn make(const Options& options) {
        if constexpr (std::is_constructible_v<Fn, const Options&>)
            return Fn(options);
        else
            return Fn();
    }

    Fn fn_;
};

// Creates an activation from either a class derived from Activation or a scalar function object.
template <class T>
std::unique_ptr<Activation> make_activation(const Options& options) {
    if constexpr (std::is_base_of_v<Activation, T>)
        return std::make_unique<T>(options);
    else
        return std::make_unique<ElementwiseActivation<T>>(options);
}

}  // namespace bplab
