// A results folder is never mixed or emptied silently: a run of another configuration is
// rejected with the keys that differ, --force starts afresh, and --resume reruns exactly the
// trials without a kept result (missing, failed or timed out; diverged stays).
#define BOOST_TEST_MODULE resume_output_folder
#include <boost/test/unit_test.hpp>

#include "resume_support.hpp"

using namespace bplab::testing;

namespace {

// With ReLU, a learning rate of 1e6 makes the regression diverge; 0.1 trains.
const std::string small_grid = R"(name: small_grid
dataset: {name: synthetic, kind: sine, samples: 200}
model: {hidden: [8], activation: relu}
training: {epochs: 5}
optimizer: {name: sgd, lr: 0.1}
seeds: [1, 2, 3, 4]
grid:
  optimizer.lr: [0.1, 1e6]
)";

boost::json::object read_trial(const std::filesystem::path& output, const std::string& name) {
    return read_json(output / "trials" / name).as_object();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(output_folder)

BOOST_AUTO_TEST_CASE(other_configuration_is_rejected_naming_keys) {
    const TempDir folder;
    const auto experiment = folder.write("small_grid.yaml", small_grid);
    const auto output = folder / "out";
    const auto first = run_runner({experiment.string(), "-o", output.string(), "-q"});
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
    const auto before = trials_without_timing(output);

    const auto other = run_runner({experiment.string(), "-o", output.string(), "-q", "training.epochs=6", "model.hidden=[4]"});
    BOOST_TEST(other.exit_code == 2);
    BOOST_TEST(other.err == "error: " + output.string() +
                                ": the folder holds trials of a different configuration; the settings that differ are:\n"
                                "  model.hidden: [8] -> [4]\n"
                                "  training.epochs: 5 -> 6\n"
                                "Choose another --output, or add --force to delete its trials and start afresh\n");
    BOOST_TEST((trials_without_timing(output) == before));

    // The same rejection holds with --resume.
    const auto resumed = run_runner({experiment.string(), "-o", output.string(), "-q", "--resume", "training.epochs=6"});
    BOOST_TEST(resumed.exit_code == 2);

    const auto forced = run_runner({experiment.string(), "-o", output.string(), "-q", "--force", "training.epochs=6"});
    BOOST_TEST(forced.exit_code == 0, forced.err);
    const auto after = trials_without_timing(output);
    BOOST_TEST(after.size() == 8u);
    for (const auto& [name, text] : after)
        BOOST_TEST(before.count(name) == 0u, name << " is a trial of the earlier configuration");
}

BOOST_AUTO_TEST_CASE(resume_reruns_missing_failed_and_timed_out_only) {
    const TempDir folder;
    const auto experiment = folder.write("small_grid.yaml", small_grid);
    const auto output = folder / "out";
    const auto first = run_runner({experiment.string(), "-o", output.string(), "-q"});
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
    const auto summary = read_json(output / "summary.json").as_object();
    BOOST_TEST(summary.at("trials").at("ok").as_int64() == 4);
    BOOST_TEST(summary.at("trials").at("diverged").as_int64() == 4);

    // Of the ok trials, delete one, cut one short as a kill during a plain write would, and mark
    // one failed and one timed out. The diverged ones stay as they are.
    std::vector<std::string> ok, diverged;
    for (const auto& entry : std::filesystem::directory_iterator(output / "trials")) {
        const std::string name = entry.path().filename().string();
        const std::string status(read_trial(output, name).at("status").as_string());
        (status == "ok" ? ok : diverged).push_back(name);
    }
    BOOST_TEST_REQUIRE(ok.size() == 4u);
    BOOST_TEST_REQUIRE(diverged.size() == 4u);
    std::map<std::string, std::string> untouched;
    for (const auto& name : diverged)
        untouched[name] = read_text(output / "trials" / name);

    std::filesystem::remove(output / "trials" / ok[0]);
    const std::string whole = read_text(output / "trials" / ok[1]);
    folder.write("out/trials/" + ok[1], whole.substr(0, whole.size() / 2));
    for (const auto& [name, status] : {std::pair{ok[2], "failed"}, std::pair{ok[3], "timeout"}}) {
        auto changed = read_trial(output, name);
        changed["status"] = status;
        changed["error"] = "made up by the test";
        changed["metrics"] = boost::json::object();
        folder.write("out/trials/" + name, boost::json::serialize(changed));
    }

    const auto resumed = run_runner({experiment.string(), "-o", output.string(), "--resume"});
    BOOST_TEST(resumed.exit_code == 0, resumed.err);
    BOOST_TEST(resumed.out.find(", 4 kept from an earlier run") != std::string::npos, resumed.out);
    BOOST_TEST(resumed.out.find("finished 4 trials") != std::string::npos, resumed.out);
    for (const auto& [name, text] : untouched)
        BOOST_TEST(read_text(output / "trials" / name) == text, name << " was rerun although it diverged");
    for (const auto& name : ok)
        BOOST_TEST(std::string(read_trial(output, name).at("status").as_string()) == "ok", name);
    const auto resumed_summary = read_json(output / "summary.json").as_object();
    BOOST_TEST(resumed_summary.at("trials").at("ok").as_int64() == 4);
    BOOST_TEST(resumed_summary.at("trials").at("diverged").as_int64() == 4);
}

BOOST_AUTO_TEST_SUITE_END()
