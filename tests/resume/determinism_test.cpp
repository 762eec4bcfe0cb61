// The same experiment gives the same trial files and summary, bit for bit except timing,
// whatever the number of threads.
#define BOOST_TEST_MODULE resume_determinism
#include <boost/test/unit_test.hpp>

#include "resume_support.hpp"

using namespace bplab::testing;

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(jobs_1_2_3_give_identical_files) {
    const TempDir folder;
    // Smaller than the resume grid: -j 1 runs it three times over in this test.
    const auto experiment = folder.write("determinism.yaml", R"(name: determinism
dataset: {name: synthetic, kind: spirals, samples: 300, arms: 3, noise: 0.1}
split: {kind: kfold, k: 3}
model: {hidden: [16], activation: tanh}
training: {epochs: 15, batch_size: 8}
optimizer: {name: sgd, lr: 0.05, sgd: {momentum: 0.9}}
seeds: [7, 8]
grid:
  model.activation: [tanh, relu]
  optimizer.name: [sgd, adam]
)");
    std::map<std::string, std::string> first;
    std::string first_summary;
    for (const char* jobs : {"1", "2", "3"}) {
        BOOST_TEST_CONTEXT("-j " << jobs) {
            const auto output = folder / (std::string("out-") + jobs);
            const auto result = run_runner({experiment.string(), "-o", output.string(), "-j", jobs, "-q"});
            BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
            const auto trials = trials_without_timing(output);
            BOOST_TEST(trials.size() == 2u * 2u * 2u * 3u);
            if (first.empty()) {
                first = trials;
                first_summary = summary_without_timing(output);
                continue;
            }
            BOOST_TEST((trials == first));
            BOOST_TEST(summary_without_timing(output) == first_summary);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
