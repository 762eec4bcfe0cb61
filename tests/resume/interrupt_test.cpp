// A grid killed (SIGKILL) or interrupted (SIGINT, SIGTERM) at several moments and then resumed
// ends with the trial files of an uninterrupted run, bit for bit except their timing. A kill
// leaves only whole trial files behind.
#define BOOST_TEST_MODULE resume_interrupt
#include <boost/test/unit_test.hpp>

#include "resume_support.hpp"

using namespace bplab::testing;

namespace {

// The uninterrupted run that every interrupted one is compared with, made once.
struct Reference {
    TempDir folder;
    std::filesystem::path experiment;
    std::map<std::string, std::string> trials;
    std::string summary;

    Reference() {
        experiment = folder.write("resume_grid.yaml", resume_grid);
        const auto result = run_runner({experiment.string(), "-o", (folder / "out").string(), "-j", "2", "-q"});
        BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
        trials = trials_without_timing(folder / "out");
        summary = summary_without_timing(folder / "out");
    }
};

const Reference& reference() {
    static const Reference made;
    return made;
}

// Every file in trials/ that is not hidden parses as a whole trial file.
void check_whole_files(const std::filesystem::path& output) {
    if (!std::filesystem::exists(output / "trials"))
        return;
    for (const auto& entry : std::filesystem::directory_iterator(output / "trials")) {
        if (entry.path().filename().string().front() == '.')
            continue;
        boost::system::error_code status;
        const auto value = boost::json::parse(read_text(entry.path()), status);
        BOOST_TEST(!status, entry.path().string() << " is not whole JSON");
        BOOST_TEST(value.is_object());
    }
}

// Runs the grid, sends `signal` after `delay`, checks the exit code and the files left behind,
// resumes, and compares the result with the reference.
void interrupt_and_resume(int signal, std::chrono::milliseconds delay, int expected_exit_code) {
    const Reference& expected = reference();
    const TempDir folder;
    const auto output = folder / "out";
    const pid_t child = start_runner({expected.experiment.string(), "-o", output.string(), "-j", "2"});
    std::this_thread::sleep_for(delay);
    ::kill(child, signal);
    const auto signalled = std::chrono::steady_clock::now();
    const int exit_code = wait_exit_code(child);
    const double stop_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();

    // The grid may have finished before the signal arrived; then it exits 0.
    if (exit_code != 0)
        BOOST_TEST(exit_code == expected_exit_code);
    BOOST_TEST(stop_seconds < 1.0 * time_scale(), "the runner took " << stop_seconds << " s to stop");
    check_whole_files(output);
    if (delay <= std::chrono::milliseconds(300) && std::filesystem::exists(output / "trials")) {
        // So early, the grid cannot have finished, so the resume below has trials to run.
        BOOST_TEST(trials_without_timing(output).size() < expected.trials.size());
    }
    if (signal != SIGKILL && exit_code == expected_exit_code) {
        // A graceful stop writes the summary of what finished.
        BOOST_TEST(std::filesystem::exists(output / "summary.json"));
        BOOST_TEST(hidden_files(output / "trials").empty());
    }

    const auto resumed = run_runner({expected.experiment.string(), "-o", output.string(), "-j", "2", "--resume", "-q"});
    BOOST_TEST_REQUIRE(resumed.exit_code == 0, resumed.err);
    BOOST_TEST(hidden_files(output / "trials").empty());
    BOOST_TEST(hidden_files(output).empty());

    const auto trials = trials_without_timing(output);
    BOOST_TEST(trials.size() == expected.trials.size());
    for (const auto& [name, text] : expected.trials) {
        auto found = trials.find(name);
        BOOST_TEST_REQUIRE((found != trials.end()), name << " is missing after --resume");
        BOOST_TEST(found->second == text, name << " differs from the uninterrupted run");
    }
    BOOST_TEST(summary_without_timing(output) == expected.summary);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(interrupt)

BOOST_AUTO_TEST_CASE(sigkill_then_resume_matches_uninterrupted) {
    for (int milliseconds : {300, 1000, 2000}) {
        BOOST_TEST_CONTEXT("SIGKILL after " << milliseconds << " ms") {
            interrupt_and_resume(SIGKILL, std::chrono::milliseconds(milliseconds), 128 + SIGKILL);
        }
    }
}

BOOST_AUTO_TEST_CASE(sigint_exits_130_and_resume_matches) {
    for (int milliseconds : {300, 1500}) {
        BOOST_TEST_CONTEXT("SIGINT after " << milliseconds << " ms") {
            interrupt_and_resume(SIGINT, std::chrono::milliseconds(milliseconds), 130);
        }
    }
}

BOOST_AUTO_TEST_CASE(sigterm_exits_143_and_resume_matches) {
    interrupt_and_resume(SIGTERM, std::chrono::milliseconds(1000), 143);
}

BOOST_AUTO_TEST_CASE(sigint_during_long_validation_stops_within_a_second) {
    // Nine tenths of 100000 rows are held out for validation, so most of each epoch is the
    // validation pass through a 256 × 256 network, which takes seconds. The interrupt must not
    // wait for it to end.
    const TempDir folder;
    const auto experiment = folder.write("long_validation.yaml", R"(name: long_validation
dataset: {name: synthetic, kind: moons, samples: 100000}
model: {hidden: [256, 256]}
training: {epochs: 1000, batch_size: 64, validation: 0.9}
)");
    for (int milliseconds : {2500, 3300}) {
        BOOST_TEST_CONTEXT("SIGINT after " << milliseconds << " ms") {
            const auto output = folder / ("out-" + std::to_string(milliseconds));
            const pid_t child = start_runner({experiment.string(), "-o", output.string(), "-j", "1"});
            std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
            ::kill(child, SIGINT);
            const auto signalled = std::chrono::steady_clock::now();
            BOOST_TEST(wait_exit_code(child) == 130);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
            BOOST_TEST(seconds < 1.0 * time_scale(), "the runner took " << seconds << " s to stop");
            // The abandoned trial leaves no file, and the summary counts it as not run.
            BOOST_TEST(std::filesystem::is_empty(output / "trials"));
            BOOST_TEST(read_json(output / "summary.json").at("trials").at("ok").as_int64() == 0);
        }
    }
}

BOOST_AUTO_TEST_CASE(stale_temporary_files_are_ignored_and_removed) {
    const Reference& expected = reference();
    const TempDir folder;
    const auto output = folder / "out";
    std::filesystem::create_directories(output);
    std::filesystem::copy(expected.folder / "out", output, std::filesystem::copy_options::recursive);

    // What a kill -9 between writing and renaming leaves: half a trial file under a temporary
    // name, and one trial file missing.
    const std::string removed = expected.trials.begin()->first;
    const std::string half = read_text(output / "trials" / removed).substr(0, 40);
    std::filesystem::remove(output / "trials" / removed);
    folder.write("out/trials/." + removed + ".tmp-999999-0", half);
    folder.write("out/.summary.json.tmp-999999-1", "{\"format\": ");

    const auto resumed = run_runner({expected.experiment.string(), "-o", output.string(), "--resume", "-q"});
    BOOST_TEST_REQUIRE(resumed.exit_code == 0, resumed.err);
    BOOST_TEST(hidden_files(output / "trials").empty());
    BOOST_TEST(hidden_files(output).empty());
    BOOST_TEST((trials_without_timing(output) == expected.trials));
}

BOOST_AUTO_TEST_SUITE_END()
