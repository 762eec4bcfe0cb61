// --shard K/N and `runner summarize`. The N shards of a grid are disjoint, cover the grid, are
// balanced by expected cost and come out the same on every run. Shards share one results
// folder without rewriting each other's files, whether they run one after another or at once.
// The summary rebuilt from the union of the shards equals, bit for bit, the summary of one
// unsharded run.
#define BOOST_TEST_MODULE shard
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>

#include <fmt/format.h>

#include "experiment/experiment.hpp"
#include "experiment/results.hpp"
#include "experiment/trial.hpp"
#include "test_support.hpp"

using namespace bplab;
using namespace bplab::testing;

namespace {

const std::filesystem::path grid_file = source_dir / "tests" / "shard" / "shard_grid.yaml";
constexpr std::size_t grid_size = 36;

// Identity and modification time of a file: a rename or a rewrite changes one of them.
struct FileStamp {
    ino_t inode = 0;
    std::int64_t modified_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

FileStamp stamp_of(const std::filesystem::path& file) {
    struct stat info {};
    BOOST_TEST_REQUIRE(::stat(file.c_str(), &info) == 0, "cannot stat " << file);
    return {info.st_ino, static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
}

// Returns the trial files of a results folder by trial id. Hidden temporary files are left
// out, but counted in `temporaries` when given.
std::map<std::string, FileStamp> trial_files(const std::filesystem::path& folder, std::size_t* temporaries = nullptr) {
    std::map<std::string, FileStamp> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder / "trials")) {
        const std::string name = entry.path().filename().string();
        if (name.front() == '.') {
            if (temporaries)
                ++*temporaries;
            continue;
        }
        BOOST_TEST_REQUIRE(name.ends_with(".json"), "unexpected file " << name);
        files[name.substr(0, name.size() - 5)] = stamp_of(entry.path());
    }
    return files;
}

// Returns the trial ids that the run manifest lists: the whole grid.
std::set<std::string> manifest_trial_ids(const std::filesystem::path& folder) {
    const auto manifest = experiment::read_json_file(folder / "experiment.json");
    BOOST_TEST_REQUIRE(manifest.has_value(), "experiment.json is missing or unreadable in " << folder);
    std::set<std::string> ids;
    for (const auto& entry : manifest->at("trials").as_array())
        ids.insert(std::string(entry.as_array()[1].as_string()));
    return ids;
}

// Returns the expected cost of each trial of the shard grid by id, as the engine computes it
// for scheduling and for splitting into shards.
const std::map<std::string, double>& expected_costs() {
    static const std::map<std::string, double> costs = [] {
        const experiment::Experiment grid = experiment::load_experiment(grid_file.string(), {});
        const std::vector<experiment::PointConfig> points = experiment::resolve_points(grid, built_plugins());
        std::map<std::string, std::unique_ptr<Table>> datasets;
        std::vector<const Table*> tables;
        const DatasetContext context;
        for (const auto& point : points) {
            auto& table = datasets[point.dataset_key()];
            if (!table)
                table = std::make_unique<Table>(
                    built_plugins().create_dataset(*point.dataset.plugin, point.dataset.options)->load(context));
            tables.push_back(table.get());
        }
        std::map<std::string, double> by_id;
        for (const auto& trial : experiment::make_trials(points, grid.seeds, tables))
            by_id[trial.id] = trial.cost;
        return by_id;
    }();
    return costs;
}

// Runs the runner in the background with its output in files of `logs`; returns the pid.
pid_t start_runner(const std::vector<std::string>& arguments, const std::filesystem::path& logs, const std::string& name) {
    const std::string out = (logs / (name + ".out")).string();
    const std::string err = (logs / (name + ".err")).string();
    const pid_t child = ::fork();
    if (child == 0) {
        std::filesystem::current_path(source_dir);
        std::freopen("/dev/null", "r", stdin);
        std::freopen(out.c_str(), "w", stdout);
        std::freopen(err.c_str(), "w", stderr);
        std::vector<std::string> copies(arguments);
        std::string program = runner_path.string();
        std::vector<char*> argv{program.data()};
        for (auto& argument : copies)
            argv.push_back(argument.data());
        argv.push_back(nullptr);
        ::execv(program.c_str(), argv.data());
        std::_Exit(127);
    }
    return child;
}

int wait_for(pid_t child) {
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string shard_argument(int index, int count) { return fmt::format("{}/{}", index, count); }

// The results folder of one unsharded run of the grid, made once for all test cases.
const std::filesystem::path& unsharded_folder() {
    static const TempDir dir;
    static const bool done = [] {
        const ProcessResult run = run_runner({grid_file.string(), "-o", (dir / "whole").string(), "-j", "2", "-q"});
        BOOST_TEST_REQUIRE(run.exit_code == 0, "the unsharded run failed: " << run.err);
        return true;
    }();
    static const std::filesystem::path folder = dir / "whole";
    BOOST_TEST_REQUIRE(done);
    return folder;
}

std::string hex(double value) { return fmt::format("{:a}", value); }

// Checks that two summaries are equal: the ranked points with their labels, counts and every
// metric aggregate bit for bit (through exact number parsing), then the whole text.
void check_same_summary(const std::filesystem::path& expected_file, const std::filesystem::path& actual_file) {
    const auto expected = experiment::read_json_file(expected_file);
    const auto actual = experiment::read_json_file(actual_file);
    BOOST_TEST_REQUIRE(expected.has_value(), expected_file << " is missing or unreadable");
    BOOST_TEST_REQUIRE(actual.has_value(), actual_file << " is missing or unreadable");
    BOOST_TEST(actual->at("trials") == expected->at("trials"));

    const auto& expected_points = expected->at("points").as_array();
    const auto& actual_points = actual->at("points").as_array();
    BOOST_TEST_REQUIRE(actual_points.size() == expected_points.size());
    for (std::size_t i = 0; i < expected_points.size(); ++i) {
        const auto& want = expected_points[i].as_object();
        const auto& got = actual_points[i].as_object();
        BOOST_TEST_CONTEXT("point " << i << ": " << want.at("label").as_string()) {
            BOOST_TEST(got.at("label") == want.at("label"));
            BOOST_TEST(got.at("rank") == want.at("rank"));
            BOOST_TEST(got.at("point") == want.at("point"));
            BOOST_TEST(got.at("n") == want.at("n"));
            BOOST_TEST(got.at("statuses") == want.at("statuses"));
            const auto& want_metrics = want.at("metrics").as_object();
            const auto& got_metrics = got.at("metrics").as_object();
            BOOST_TEST_REQUIRE(got_metrics.size() == want_metrics.size());
            for (const auto& metric : want_metrics) {
                const auto* other = got_metrics.if_contains(metric.key());
                BOOST_TEST_REQUIRE(other != nullptr, "metric " << metric.key() << " is missing");
                for (const char* field : {"mean", "std", "min", "max"}) {
                    const double a = metric.value().at(field).to_number<double>();
                    const double b = other->at(field).to_number<double>();
                    BOOST_TEST(a == b, metric.key() << "." << field << ": " << hex(b) << " should be " << hex(a));
                }
                BOOST_TEST(other->at("n") == metric.value().at("n"));
            }
        }
    }
    BOOST_TEST(read_text(actual_file) == read_text(expected_file));
}

// Runs the N shards one after another into one folder and checks, after each shard, that it
// added only files that did not exist and changed no file of an earlier shard. Returns the
// trial ids that each shard wrote.
std::vector<std::set<std::string>> run_shards_in_turn(const std::filesystem::path& folder, int count) {
    std::vector<std::set<std::string>> written(static_cast<std::size_t>(count));
    std::map<std::string, FileStamp> before;
    FileStamp manifest;
    for (int k = 1; k <= count; ++k) {
        BOOST_TEST_CONTEXT("shard " << k << "/" << count) {
            const ProcessResult run =
                run_runner({grid_file.string(), "-o", folder.string(), "--shard", shard_argument(k, count), "-j", "2"});
            BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
            if (count > 1)
                BOOST_TEST(run.out.find("when every shard is done: runner summarize " + folder.string()) != std::string::npos,
                           run.out);
            BOOST_TEST(!std::filesystem::exists(folder / "summary.json") == (count > 1));

            // The first shard creates the manifest; the others leave it as it is.
            if (k == 1)
                manifest = stamp_of(folder / "experiment.json");
            else
                BOOST_TEST((stamp_of(folder / "experiment.json") == manifest), "shard " << k << " rewrote experiment.json");

            const auto after = trial_files(folder);
            for (const auto& [id, stamp] : before) {
                const auto found = after.find(id);
                BOOST_TEST_REQUIRE((found != after.end()), "trial " << id << " disappeared");
                BOOST_TEST((found->second == stamp), "trial " << id << " of an earlier shard was rewritten");
            }
            for (const auto& [id, stamp] : after)
                if (!before.contains(id))
                    written[static_cast<std::size_t>(k - 1)].insert(id);
            if (count > 1)
                BOOST_TEST(run.out.find(fmt::format("shard {}/{} runs {}\n", k, count,
                                                    written[static_cast<std::size_t>(k - 1)].size())) != std::string::npos,
                           run.out);
            before = after;
        }
    }
    return written;
}

}  // namespace

BOOST_AUTO_TEST_CASE(shards_partition_the_grid) {
    const std::set<std::string> grid = manifest_trial_ids(unsharded_folder());
    BOOST_TEST_REQUIRE(grid.size() == grid_size);
    const auto& costs = expected_costs();
    BOOST_TEST_REQUIRE(costs.size() == grid_size);

    for (int count : {1, 2, 3, 7}) {
        BOOST_TEST_CONTEXT("N = " << count) {
            const TempDir dir;
            const auto folder = dir / "shared";
            const auto shards = run_shards_in_turn(folder, count);

            // Disjoint and covering: every trial of the grid in exactly one shard.
            std::map<std::string, int> owners;
            for (const auto& shard : shards)
                for (const auto& id : shard)
                    ++owners[id];
            BOOST_TEST(owners.size() == grid_size);
            for (const auto& id : grid)
                BOOST_TEST(owners[id] == 1, "trial " << id << " ran in " << owners[id] << " shards");

            // Balanced by expected cost: greedy assignment, largest first, keeps every shard
            // within one trial's cost of the mean load.
            double total = 0, largest = 0;
            for (const auto& [id, cost] : costs) {
                total += cost;
                largest = std::max(largest, cost);
            }
            for (std::size_t k = 0; k < shards.size(); ++k) {
                double load = 0;
                for (const auto& id : shards[k])
                    load += costs.at(id);
                BOOST_TEST(load <= total / count + largest, "shard " << k + 1 << " has cost " << load << " of " << total);
                BOOST_TEST(!shards[k].empty());
            }

            // The summary of the union equals that of one unsharded run.
            const ProcessResult summary = run_runner({"summarize", folder.string()});
            BOOST_TEST_REQUIRE(summary.exit_code == 0, summary.err);
            BOOST_TEST(summary.out.starts_with("36 of 36 trials have results (36 ok, 0 diverged, 0 failed, 0 timed out); 0 still missing\n"),
                       summary.out);
            check_same_summary(unsharded_folder() / "summary.json", folder / "summary.json");
        }
    }
}

BOOST_AUTO_TEST_CASE(shard_split_is_the_same_on_every_run) {
    // The split depends on nothing but the grid: not on -j, the working folder or how the
    // experiment file is named. Each shard runs alone here, so its folder holds only its trials.
    const TempDir dir;
    for (const auto& [index, count] : std::vector<std::pair<int, int>>{{2, 3}, {5, 7}}) {
        const auto first = dir / fmt::format("first-{}-{}", index, count);
        const auto second = dir / fmt::format("second-{}-{}", index, count);
        const ProcessResult a = run_runner({"tests/shard/shard_grid.yaml", "-o", first.string(), "--shard",
                                            shard_argument(index, count), "-j", "1", "-q"});
        const ProcessResult b = run_runner({grid_file.string(), "-o", second.string(), "--shard",
                                            shard_argument(index, count), "-j", "2", "-q"},
                                           dir.path());
        BOOST_TEST_REQUIRE(a.exit_code == 0, a.err);
        BOOST_TEST_REQUIRE(b.exit_code == 0, b.err);
        std::set<std::string> ids_a, ids_b;
        for (const auto& [id, stamp] : trial_files(first))
            ids_a.insert(id);
        for (const auto& [id, stamp] : trial_files(second))
            ids_b.insert(id);
        BOOST_TEST(!ids_a.empty());
        BOOST_TEST((ids_a == ids_b), "shard " << index << "/" << count << " differs between runs");
    }
}

BOOST_AUTO_TEST_CASE(concurrent_shards_share_a_folder) {
    // Seven shards start at the same moment into one empty folder: all create the manifest at
    // once, and each writes its trial files next to the others'.
    const TempDir dir;
    const auto folder = dir / "shared";
    const int count = 7;
    std::vector<pid_t> children;
    for (int k = 1; k <= count; ++k)
        children.push_back(start_runner({grid_file.string(), "-o", folder.string(), "--shard", shard_argument(k, count),
                                         "-j", "1", "-q"},
                                        dir.path(), fmt::format("shard-{}", k)));
    for (int k = 1; k <= count; ++k)
        BOOST_TEST(wait_for(children[static_cast<std::size_t>(k - 1)]) == 0,
                   "shard " << k << ": " << read_text(dir / fmt::format("shard-{}.err", k)));

    std::size_t temporaries = 0;
    const auto files = trial_files(folder, &temporaries);
    BOOST_TEST(files.size() == grid_size);
    BOOST_TEST(temporaries == 0u);
    std::set<std::string> ids;
    for (const auto& [id, stamp] : files)
        ids.insert(id);
    BOOST_TEST((ids == manifest_trial_ids(unsharded_folder())));
    for (const auto& [id, stamp] : files) {
        const auto trial = experiment::read_json_file(folder / "trials" / (id + ".json"));
        BOOST_TEST_REQUIRE(trial.has_value(), "trial file " << id << " is unreadable");
        BOOST_TEST(trial->at("trial_id").as_string() == id);
        BOOST_TEST(trial->at("status").as_string() == "ok");
    }

    const ProcessResult summary = run_runner({"summarize", folder.string()});
    BOOST_TEST_REQUIRE(summary.exit_code == 0, summary.err);
    check_same_summary(unsharded_folder() / "summary.json", folder / "summary.json");
}

BOOST_AUTO_TEST_CASE(summarize_reports_missing_trials) {
    // Shards 1 and 3 of 3 ran, shard 2 did not: its trials are missing, then one more.
    const TempDir dir;
    const auto folder = dir / "partial";
    const auto alone = dir / "second";
    for (const auto& [shard, output] : std::vector<std::pair<std::string, std::filesystem::path>>{
             {"1/3", folder}, {"3/3", folder}, {"2/3", alone}}) {
        const ProcessResult run = run_runner({grid_file.string(), "-o", output.string(), "--shard", shard, "-q"});
        BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
    }
    const std::size_t missing = trial_files(alone).size();
    BOOST_TEST_REQUIRE(missing > 0u);
    const std::size_t present = grid_size - missing;
    BOOST_TEST(trial_files(folder).size() == present);

    ProcessResult summary = run_runner({"summarize", folder.string()});
    BOOST_TEST(summary.exit_code == 0);
    BOOST_TEST(summary.out.starts_with(fmt::format(
                   "{} of 36 trials have results ({} ok, 0 diverged, 0 failed, 0 timed out); {} still missing\n", present,
                   present, missing)),
               summary.out);
    auto written = read_json(folder / "summary.json");
    BOOST_TEST(written.at("trials").at("missing").to_number<std::size_t>() == missing);
    BOOST_TEST(written.at("trials").at("expected").to_number<std::size_t>() == grid_size);
    BOOST_TEST(written.at("trials").at("ok").to_number<std::size_t>() == present);

    const auto first = trial_files(folder).begin()->first;
    std::filesystem::remove(folder / "trials" / (first + ".json"));
    summary = run_runner({"summarize", folder.string()});
    BOOST_TEST(summary.exit_code == 0);
    BOOST_TEST(summary.out.starts_with(fmt::format("{} of 36 trials have results", present - 1)), summary.out);
    written = read_json(folder / "summary.json");
    BOOST_TEST(written.at("trials").at("missing").to_number<std::size_t>() == missing + 1);
}

BOOST_AUTO_TEST_CASE(manifest_stays_when_path_differs) {
    // The second shard names the experiment file by a relative path, so its manifest differs
    // from the first shard's in "file" only. The folder has trials of the same grid, so the
    // manifest stays as the first shard wrote it.
    const TempDir dir;
    const auto folder = dir / "shared";
    const ProcessResult first = run_runner({grid_file.string(), "-o", folder.string(), "--shard", "1/2", "-q"});
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
    const FileStamp manifest = stamp_of(folder / "experiment.json");
    const std::string text = read_text(folder / "experiment.json");

    const ProcessResult second =
        run_runner({"tests/shard/shard_grid.yaml", "-o", folder.string(), "--shard", "2/2", "-q"});
    BOOST_TEST_REQUIRE(second.exit_code == 0, second.err);
    BOOST_TEST((stamp_of(folder / "experiment.json") == manifest));
    BOOST_TEST(read_text(folder / "experiment.json") == text);
    BOOST_TEST(trial_files(folder).size() == grid_size);
}

BOOST_AUTO_TEST_CASE(force_with_shard_is_rejected) {
    const TempDir dir;
    const auto folder = dir / "shared";
    const ProcessResult first = run_runner({grid_file.string(), "-o", folder.string(), "--shard", "1/2", "-q"});
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
    const auto files = trial_files(folder);

    const ProcessResult forced = run_runner({grid_file.string(), "-o", folder.string(), "--shard", "2/2", "--force", "-q"});
    BOOST_TEST(forced.exit_code == 2);
    BOOST_TEST(forced.err ==
               "error: --force cannot be combined with --shard: each shard would delete the trial files that the other "
               "shards write into the same folder. Delete the folder once before starting the shards, or add --resume to "
               "keep the finished trials\n");
    BOOST_TEST((trial_files(folder) == files));
}

BOOST_AUTO_TEST_CASE(shard_of_other_configuration_is_rejected) {
    // Trials of other shards are welcome only when they belong to the same grid.
    const TempDir dir;
    const auto folder = dir / "shared";
    const ProcessResult first = run_runner({grid_file.string(), "-o", folder.string(), "--shard", "1/2", "-q"});
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
    const ProcessResult other =
        run_runner({grid_file.string(), "-o", folder.string(), "--shard", "2/2", "-q", "training.batch_size=10"});
    BOOST_TEST(other.exit_code == 2);
    BOOST_TEST(other.err == "error: " + folder.string() +
                                ": the folder holds trials of a different configuration; the settings that differ are:\n"
                                "  training.batch_size: 20 -> 10\n"
                                "Choose another --output, or add --force to delete its trials and start afresh\n");
}
