// Each learning-rate schedule at chosen epochs.
#define BOOST_TEST_MODULE schedule
#include <boost/test/unit_test.hpp>

#include "train/schedule.hpp"

using namespace bplab::train;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(constant_keeps_the_rate) {
    Schedule schedule(ScheduleSpec{}, 0.1, 100);
    BOOST_TEST(schedule.rate(0) == 0.1);
    BOOST_TEST(schedule.rate(99) == 0.1);
}

BOOST_AUTO_TEST_CASE(step_halves_every_step_size) {
    ScheduleSpec spec;
    spec.kind = "step";
    spec.step_size = 10;
    spec.gamma = 0.5;
    Schedule schedule(spec, 0.1, 100);
    BOOST_TEST(schedule.rate(0) == 0.1);
    BOOST_TEST(schedule.rate(9) == 0.1);
    BOOST_TEST(schedule.rate(10) == 0.05, tt::tolerance(1e-15));
    BOOST_TEST(schedule.rate(25) == 0.025, tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(exponential_multiplies_every_epoch) {
    ScheduleSpec spec;
    spec.kind = "exponential";
    spec.gamma = 0.9;
    Schedule schedule(spec, 0.1, 100);
    BOOST_TEST(schedule.rate(1) == 0.09, tt::tolerance(1e-14));
    BOOST_TEST(schedule.rate(2) == 0.081, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(cosine_falls_to_the_minimum) {
    // lr(e) = min + (lr - min)(1 + cos(π e / E)) / 2: 0.1 at 0, 0.05 at E/2, 0.0853553... at E/4.
    ScheduleSpec spec;
    spec.kind = "cosine";
    spec.min_lr = 0.0;
    Schedule schedule(spec, 0.1, 100);
    BOOST_TEST(schedule.rate(0) == 0.1, tt::tolerance(1e-15));
    BOOST_TEST(schedule.rate(25) == 0.08535533905932738, tt::tolerance(1e-14));
    BOOST_TEST(schedule.rate(50) == 0.05, tt::tolerance(1e-14));
    BOOST_TEST(schedule.rate(100) == 0.0, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(plateau_reduces_after_patience) {
    // patience 2: the first loss sets the best; after three epochs without improvement the
    // rate is halved, then the count starts again.
    ScheduleSpec spec;
    spec.kind = "reduce_on_plateau";
    spec.patience = 2;
    spec.factor = 0.5;
    spec.min_lr = 0.02;
    Schedule schedule(spec, 0.1, 100);
    schedule.observe(1.0);
    schedule.observe(1.0);
    schedule.observe(1.0);
    BOOST_TEST(schedule.rate(3) == 0.1);
    schedule.observe(1.0);
    BOOST_TEST(schedule.rate(4) == 0.05, tt::tolerance(1e-15));
    schedule.observe(0.5);  // an improvement resets the count
    schedule.observe(0.5);
    schedule.observe(0.5);
    BOOST_TEST(schedule.rate(7) == 0.05, tt::tolerance(1e-15));
    schedule.observe(0.5);
    BOOST_TEST(schedule.rate(8) == 0.025, tt::tolerance(1e-15));
    for (int i = 0; i < 8; ++i)
        schedule.observe(0.5);
    BOOST_TEST(schedule.rate(16) == 0.02, tt::tolerance(1e-15));  // never below min_lr
}
