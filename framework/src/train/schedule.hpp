// Learning-rate schedules. The trainer asks for the rate at the start of every epoch; the
// reduce-on-plateau schedule also hears the monitored loss at the end of every epoch.
#pragma once

#include <string>

namespace bplab::train {

struct ScheduleSpec {
    std::string kind = "constant";  // constant, step, exponential, cosine, reduce_on_plateau
    int step_size = 10;             // step: epochs between reductions
    double gamma = 0.5;             // step and exponential: factor per reduction or per epoch
    double min_lr = 0.0;            // cosine: the final rate; reduce_on_plateau: the lowest rate
    double factor = 0.5;            // reduce_on_plateau: factor per reduction
    int patience = 5;               // reduce_on_plateau: epochs without improvement before reducing
    double threshold = 1e-4;        // reduce_on_plateau: relative improvement that counts
};

class Schedule {
public:
    Schedule(const ScheduleSpec& spec, double base_lr, int epochs);

    // Returns the rate for `epoch` (0-based):
    //   constant     lr
    //   step         lr γ^⌊epoch / step_size⌋
    //   exponential  lr γ^epoch
    //   cosine       min_lr + (lr - min_lr) (1 + cos(π epoch / epochs)) / 2
    //   reduce_on_plateau  the current rate, lowered by `factor` after `patience` epochs
    //                      without a relative improvement of `threshold`
    double rate(int epoch) const;

    // Reports the monitored loss at the end of an epoch (used by reduce_on_plateau only).
    void observe(double loss);

private:
    ScheduleSpec spec_;
    double base_lr_;
    int epochs_;
    double plateau_lr_;
    double best_ = 0;
    bool has_best_ = false;
    int waited_ = 0;
};

}  // namespace bplab::train
