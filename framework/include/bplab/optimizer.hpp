// Optimizer plugins. An optimizer updates a list of parameter blocks in place and keeps its own
// state per block. The learning rate comes from the trainer at every step, because schedules
// belong to the trainer.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "bplab/manifest.hpp"

namespace bplab {

// One weight matrix or bias vector, flattened. `value` is updated in place; `gradient` is the
// mean gradient over the minibatch, with any L2 term already added by the trainer.
struct ParamBlock {
    std::span<double> value;
    std::span<const double> gradient;
    bool is_bias = false;  // decoupled weight decay (AdamW) leaves biases alone
};

class Optimizer {
public:
    virtual ~Optimizer() = default;

    // Sizes the optimizer's state for these blocks and zeroes it. Called once before the first
    // step, with the same block sizes in the same order as every later step.
    virtual void reset(std::span<const ParamBlock> blocks) = 0;

    // Applies one update with learning rate `lr`.
    virtual void step(std::span<const ParamBlock> blocks, double lr) = 0;
};

template <class T>
std::unique_ptr<Optimizer> make_optimizer(const Options& options) {
    return std::make_unique<T>(options);
}

}  // namespace bplab
