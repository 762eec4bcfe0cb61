// A test-only activation whose forward pass throws, so that tests can check that a plugin
// exception fails its own trial, with its message, while the other trials go on.
#include <stdexcept>

#include <bplab/plugin.hpp>

class Throwing final : public bplab::Activation {
public:
    explicit Throwing(const bplab::Options&) {}

    void forward(bplab::ConstMatrixRef, bplab::MatrixRef) const override {
        throw std::runtime_error("the throwing activation always throws");
    }
    void backward(bplab::ConstMatrixRef, bplab::ConstMatrixRef, bplab::ConstMatrixRef, bplab::MatrixRef dZ) const override {
        dZ.setZero();
    }
};

BPLAB_ACTIVATION(Throwing, .name = "throwing", .version = "0.0.1", .summary = "throws from forward (tests only)")
