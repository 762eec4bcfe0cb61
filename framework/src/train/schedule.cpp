#include "train/schedule.hpp"

#include <algorithm>
#include <cmath>

namespace bplab::train {

Schedule::Schedule(const ScheduleSpec& spec, double base_lr, int epochs)
    : spec_(spec), base_lr_(base_lr), epochs_(epochs), plateau_lr_(base_lr) {}

double Schedule::rate(int epoch) const {
    const double pi = 3.14159265358979323846;
    if (spec_.kind == "step")
        return base_lr_ * std::pow(spec_.gamma, epoch / std::max(spec_.step_size, 1));
    if (spec_.kind == "exponential")
        return base_lr_ * std::pow(spec_.gamma, epoch);
    if (spec_.kind == "cosine")
        return spec_.min_lr + (base_lr_ - spec_.min_lr) * (1.0 + std::cos(pi * epoch / std::max(epochs_, 1))) / 2.0;
    if (spec_.kind == "reduce_on_plateau")
        return plateau_lr_;
    return base_lr_;
}

void Schedule::observe(double loss) {
    if (spec_.kind != "reduce_on_plateau")
        return;
    if (!has_best_ || loss < best_ * (1.0 - spec_.threshold)) {
        best_ = loss;
        has_best_ = true;
        waited_ = 0;
        return;
    }
    if (++waited_ > spec_.patience) {
        plateau_lr_ = std::max(plateau_lr_ * spec_.factor, spec_.min_lr);
        waited_ = 0;
    }
}

}  // namespace bplab::train
