#include "run.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "experiment/experiment.hpp"
#include "experiment/results.hpp"
#include "experiment/run_manifest.hpp"
#include "experiment/trial.hpp"
#include "plugin_loading.hpp"
#include "progress.hpp"

namespace bplab::runner {

namespace {

using namespace bplab::experiment;

// Set from the signal handler; lock-free atomics are safe to store there.
std::atomic<bool> stop_requested{false};
std::atomic<int> received_signal{0};

extern "C" void on_signal(int signal) {
    received_signal.store(signal);
    stop_requested.store(true);
}

void install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

std::string format_duration(double seconds) {
    if (seconds < 60)
        return fmt::format("{:.1f} s", seconds);
    const auto total = static_cast<long long>(seconds + 0.5);
    if (total < 3600)
        return fmt::format("{}:{:02d} min", total / 60, total % 60);
    return fmt::format("{}:{:02d}:{:02d} h", total / 3600, (total / 60) % 60, total % 60);
}

// Assigns each trial to one of `count` shards: trials sorted by expected cost (largest first,
// ties by id) go one by one to the shard with the least cost so far (ties to the lowest
// shard). The result depends only on the trial list, so every machine computes the same split.
std::vector<int> assign_shards(const std::vector<TrialSpec>& trials, int count) {
    std::vector<std::size_t> order(trials.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (trials[a].cost != trials[b].cost)
            return trials[a].cost > trials[b].cost;
        return trials[a].id < trials[b].id;
    });
    std::vector<double> load(static_cast<std::size_t>(count), 0.0);
    std::vector<int> shard(trials.size(), 0);
    for (std::size_t i : order) {
        const auto lightest = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
        shard[i] = static_cast<int>(lightest);
        load[lightest] += trials[i].cost;
    }
    return shard;
}

// Returns true when the trial file contains a result that --resume keeps: status ok or diverged.
bool has_kept_result(const std::filesystem::path& file, TrialSummary& summary) {
    const auto value = read_json_file(file);
    if (!value || !value->is_object())
        return false;
    const auto& object = value->get_object();
    const auto* format = object.if_contains("format");
    if (!format || *format != "bplab.trial/1")
        return false;
    summary = trial_summary_from_json(object);
    return summary.status == "ok" || summary.status == "diverged";
}

// Removes the temporary files that write_json_atomic leaves behind when the process is killed
// between writing and renaming (".NAME.tmp-PID-N"). No reader takes them for results. A run
// of the whole grid owns its folder, so it removes them all. Shards of one grid may share a
// folder and be writing at this moment, so a shard removes only those older than an hour.
void remove_stale_temporaries(const std::filesystem::path& folder, bool sharded) {
    std::error_code status;
    const auto now = std::filesystem::file_time_type::clock::now();
    std::vector<std::filesystem::path> stale;
    for (const auto& entry : std::filesystem::directory_iterator(folder, status)) {
        const std::string name = entry.path().filename().string();
        if (name.size() < 2 || name.front() != '.' || name.find(".tmp-") == std::string::npos)
            continue;
        if (sharded && now - entry.last_write_time(status) < std::chrono::hours(1))
            continue;
        stale.push_back(entry.path());
    }
    for (const auto& file : stale)
        std::filesystem::remove(file, status);
}

// Loads a point's dataset. An exception thrown by the plugin is copied into an Error made
// here: the original's code lives in the plugin library, which the registry unloads while the
// exception unwinds out of run_experiment, so reading it in main would crash.
std::unique_ptr<Table> load_table(const plugins::Registry& registry, const PointConfig& point, const DatasetContext& context) {
    try {
        auto dataset = registry.create_dataset(*point.dataset.plugin, point.dataset.options);
        return std::make_unique<Table>(dataset->load(context));
    } catch (const Error& error) {
        throw Error(error.kind(), error.where(), error.message());
    } catch (const std::exception& error) {
        const auto where = point.where.find("dataset.name");
        throw Error(ErrorKind::input, where != point.where.end() ? where->second : Location{},
                    "dataset '" + point.dataset.name + "' failed to load: " + error.what());
    }
}

// Throws the error for a folder that contains trials of another configuration.
[[noreturn]] void reject_other_configuration(const std::filesystem::path& output, const std::vector<std::string>& differences) {
    std::string list;
    for (std::size_t i = 0; i < differences.size() && i < 12; ++i)
        list += "\n  " + differences[i];
    if (differences.size() > 12)
        list += fmt::format("\n  ... and {} more", differences.size() - 12);
    throw Error(ErrorKind::input, {output.string(), 0, 0},
                "the folder holds trials of a different configuration; the settings that differ are:" + list +
                    "\nChoose another --output, or add --force to delete its trials and start afresh");
}

// Writes the manifest of one shard. The shards of a grid share one folder and start together,
// often on several machines over a network file system, so the first shard creates the
// manifest and the others leave it alone. Replacing it by rename would gain nothing and would
// swap the file under a shard that is reading it, which over NFS can fail that read with
// ESTALE. `existing` is the manifest read earlier, if any; the caller has already rejected
// one of another grid when the folder has trials.
void write_shard_manifest(const std::filesystem::path& output, const boost::json::object& manifest,
                          const std::optional<boost::json::value>& existing, bool has_trials) {
    const auto file = output / "experiment.json";
    if (existing) {
        // With trials, the existing manifest describes this grid (its description or the path
        // of the experiment file may differ), so it stays. Without trials it is a leftover and
        // is replaced unless it is already equal.
        if (!has_trials && !(existing->is_object() && existing->get_object() == manifest))
            write_json_atomic(file, manifest, true);
        return;
    }
    if (write_json_exclusive(file, manifest, true))
        return;

    // Another shard created the manifest after this one looked.
    const auto created = read_json_file(file);
    if (!created || !created->is_object())
        throw Error(ErrorKind::input, {file.string(), 0, 0},
                    "another run created this file at the same moment, and it is unreadable; run the shard again");
    const auto differences = manifest_differences(created->get_object(), manifest);
    if (!differences.empty())
        reject_other_configuration(output, differences);
}

// Prepares the results folder. A folder that contains trials of another configuration is never
// mixed or emptied silently: it is rejected, naming the differences, unless --force is given.
// Trials of the same configuration, such as those that other shards wrote, stay.
void prepare_output(const std::filesystem::path& output, const boost::json::object& manifest, const RunOptions& options) {
    const auto trials_folder = output / "trials";
    const auto manifest_file = output / "experiment.json";
    std::error_code status;
    const bool has_trials = std::filesystem::exists(trials_folder, status) && !std::filesystem::is_empty(trials_folder, status);
    const auto existing = read_json_file(manifest_file);

    if (has_trials && !options.force) {
        if (!existing || !existing->is_object())
            throw Error(ErrorKind::input, {output.string(), 0, 0},
                        "the folder holds trial files but no readable experiment.json, so it cannot be checked against "
                        "this experiment; choose another --output, or add --force to delete its trials and start afresh");
        const auto differences = manifest_differences(existing->get_object(), manifest);
        if (!differences.empty())
            reject_other_configuration(output, differences);
    }
    if (options.force) {
        std::filesystem::remove_all(trials_folder, status);
        std::filesystem::remove(output / "summary.json", status);
    }
    std::filesystem::create_directories(trials_folder, status);
    if (status)
        throw Error(ErrorKind::input, {trials_folder.string(), 0, 0}, "cannot create the results folder: " + status.message());
    remove_stale_temporaries(output, options.shard_count > 1);
    remove_stale_temporaries(trials_folder, options.shard_count > 1);

    // A run of the whole grid owns the folder and always writes the manifest.
    if (options.shard_count > 1)
        write_shard_manifest(output, manifest, existing, has_trials);
    else
        write_json_atomic(manifest_file, manifest, true);
}

}  // namespace

int run_experiment(const RunOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    if (options.force && options.shard_count > 1)
        throw Error(ErrorKind::input, {},
                    "--force cannot be combined with --shard: each shard would delete the trial files that the other "
                    "shards write into the same folder. Delete the folder once before starting the shards, or add "
                    "--resume to keep the finished trials");

    // 1. Plugins, the experiment file, and every grid point resolved and checked.
    plugins::Registry registry = load_registry(options.plugin_dirs, options.executable, options.quiet);
    const Experiment experiment = load_experiment(options.experiment_file, options.overrides);
    const std::vector<PointConfig> points = resolve_points(experiment, registry);

    // 2. Each distinct dataset is loaded once; trials share it read-only.
    DatasetContext context;
    context.search_dirs.push_back(std::filesystem::current_path());
    context.search_dirs.push_back(std::filesystem::absolute(experiment.file).parent_path());
    context.search_dirs.push_back(std::filesystem::absolute(experiment.file).parent_path().parent_path());
    context.search_dirs.push_back(options.executable.parent_path().parent_path() / "share" / "bplab");
#ifdef BPLAB_SOURCE_DIR
    context.search_dirs.push_back(BPLAB_SOURCE_DIR);
#endif
    std::map<std::string, std::unique_ptr<Table>> datasets;
    std::vector<const Table*> tables;
    for (const PointConfig& point : points) {
        auto& table = datasets[point.dataset_key()];
        if (!table)
            table = load_table(registry, point, context);
        check_against_data(point, *table);
        tables.push_back(table.get());
    }

    std::string primary_metric = experiment.primary_metric;
    if (primary_metric == "auto")
        primary_metric = default_primary_metric(tables.front()->task);
    else if (primary_metric.find('.') == std::string::npos)
        throw Error(ErrorKind::input, experiment.primary_metric_node.where,
                    "primary_metric: '" + primary_metric + "' should name a part and a metric, such as test.accuracy");

    std::vector<TrialSpec> trials = make_trials(points, experiment.seeds, tables);
    const boost::json::object manifest = make_run_manifest(experiment, points, trials, primary_metric);

    // 3. This machine's share of the grid.
    std::vector<std::size_t> selected;
    const std::vector<int> shard_of = assign_shards(trials, options.shard_count);
    for (std::size_t i = 0; i < trials.size(); ++i)
        if (shard_of[i] == options.shard_index - 1)
            selected.push_back(i);

    const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
    const std::filesystem::path output =
        options.output.empty() ? std::filesystem::path("results") / experiment.name : std::filesystem::path(options.output);
    const std::size_t per_point = points.empty() ? 0 : trials.size() / points.size();

    if (options.dry_run) {
        fmt::print("experiment: {} ({})\n", experiment.name, experiment.file);
        fmt::print("trials:     {} ({} grid points × {} per point: seeds{})\n", trials.size(), points.size(), per_point,
                   points.front().split.kind == "holdout" ? "" : " × folds");
        if (options.shard_count > 1)
            fmt::print("shard:      {}/{}: {} trials\n", options.shard_index, options.shard_count, selected.size());
        fmt::print("output:     {}\n", output.string());
        fmt::print("first grid points:\n");
        for (std::size_t p = 0; p < points.size() && p < 5; ++p)
            fmt::print("  {}\n", points[p].label());
        if (points.size() > 5)
            fmt::print("  ... and {} more\n", points.size() - 5);
        return 0;
    }

    prepare_output(output, manifest, options);

    // 4. Skip finished trials when resuming; run the rest longest first.
    std::vector<std::optional<TrialSummary>> results(trials.size());
    std::vector<std::size_t> pending;
    std::size_t kept = 0;
    for (std::size_t i : selected) {
        TrialSummary summary;
        if (options.resume && has_kept_result(output / "trials" / (trials[i].id + ".json"), summary)) {
            results[i] = std::move(summary);
            ++kept;
        } else {
            pending.push_back(i);
        }
    }
    std::stable_sort(pending.begin(), pending.end(), [&](std::size_t a, std::size_t b) { return trials[a].cost > trials[b].cost; });

    if (!options.quiet) {
        fmt::print("experiment: {} ({})\n", experiment.name, experiment.file);
        fmt::print("trials:     {} ({} grid points × {} per point)", trials.size(), points.size(), per_point);
        if (options.shard_count > 1)
            fmt::print(", shard {}/{} runs {}", options.shard_index, options.shard_count, selected.size());
        if (kept > 0)
            fmt::print(", {} kept from an earlier run", kept);
        fmt::print("\nthreads:    {}\noutput:     {}\n", threads, output.string());
        std::fflush(stdout);
    }

    stop_requested.store(false);
    received_signal.store(0);
    install_signal_handlers();
    Progress progress(pending.size(), options.quiet);
    std::atomic<std::size_t> next{0};
    std::atomic<int> workers_done{0};
    std::atomic<bool> write_failed{false};
    std::mutex error_mutex;
    std::string write_error;

    auto run_one = [&](std::size_t index) {
        const TrialSpec& trial = trials[index];
        train::StopControl stop;
        stop.interrupted = &stop_requested;
        if (options.trial_timeout > 0)
            stop.deadline = std::chrono::steady_clock::now() +
                            std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(options.trial_timeout));
        progress.started();
        TrialOutcome outcome = run_trial(trial, *tables[trial.point->index], registry, experiment.name, stop);
        if (outcome.interrupted) {
            progress.abandoned();
            return;
        }
        try {
            write_json_atomic(output / "trials" / (trial.id + ".json"), outcome.json, false);
        } catch (const Error& error) {
            std::lock_guard lock(error_mutex);
            write_error = error.what();
            write_failed.store(true);
            stop_requested.store(true);
            progress.abandoned();
            return;
        }
        const bool failure = outcome.summary.status == "failed" || outcome.summary.status == "timeout";
        if (failure && options.fail_fast)
            stop_requested.store(true);
        progress.finished(outcome.summary.status, trial.point->label());
        results[index] = std::move(outcome.summary);
    };

    tbb::task_arena arena(threads);
    arena.execute([&] {
        tbb::parallel_for(0, threads, [&](int) {
            for (;;) {
                if (stop_requested.load())
                    break;
                const std::size_t slot = next.fetch_add(1);
                if (slot >= pending.size())
                    break;
                run_one(pending[slot]);
            }
            workers_done.fetch_add(1, std::memory_order_release);
        }, tbb::static_partitioner());
    });
    // The arena's join already orders every worker's last access before this point, but inside
    // libtbb, where ThreadSanitizer cannot see it unless TBB itself is built with it. This
    // acquire pairs with each worker's release above and makes the same order visible to it.
    (void)workers_done.load(std::memory_order_acquire);
    progress.done();

    // 5. The summary covers the whole grid; trials without a result count as missing. A shard
    //    writes only its own trial files, so `runner summarize` builds the summary afterwards.
    if (write_failed.load())
        throw Error(ErrorKind::input, {}, write_error);

    SummaryInput input;
    input.experiment = experiment.name;
    input.description = experiment.description;
    input.primary_metric = primary_metric;
    for (const GridAxis& axis : experiment.grid)
        input.grid_keys.push_back(axis.key);
    input.expected_trials = trials.size();
    input.points.resize(points.size());
    for (std::size_t p = 0; p < points.size(); ++p) {
        input.points[p].point = points[p].point_json();
        input.points[p].label = points[p].label();
    }
    std::map<std::string, std::size_t> counts;
    for (std::size_t i = 0; i < trials.size(); ++i) {
        PointResults& point = input.points[trials[i].point->index];
        ++point.expected;
        if (!results[i])
            continue;
        ++point.statuses[results[i]->status];
        ++counts[results[i]->status];
        if (results[i]->status == "ok")
            for (const auto& [name, value] : results[i]->metrics)
                point.metrics[name].push_back(value);
    }
    const boost::json::object summary = build_summary(input);
    const bool sharded = options.shard_count > 1;
    if (!sharded)
        write_json_atomic(output / "summary.json", summary, true);

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::size_t finished = 0;
    for (const auto& [status, count] : counts)
        finished += count;
    const std::size_t missing = (sharded ? selected.size() : trials.size()) - finished;

    if (!options.quiet) {
        fmt::print("finished {} trials in {}: {} ok, {} diverged, {} failed, {} timed out{}\n", finished - kept,
                   format_duration(seconds), counts["ok"], counts["diverged"], counts["failed"], counts["timeout"],
                   missing > 0 ? fmt::format(", {} not run", missing) : std::string());
        if (!sharded) {
            fmt::print("\n{}\n", ranked_table(summary, 10));
            fmt::print("trial files: {}\n", (output / "trials").string());
            fmt::print("summary:     {}\n", (output / "summary.json").string());
        } else {
            fmt::print("trial files: {}\n", (output / "trials").string());
            fmt::print("when every shard is done: runner summarize {}\n", output.string());
        }
    }

    if (const int signal = received_signal.load()) {
        if (!options.quiet)
            fmt::print(stderr, "stopped by {}: finished trials are saved; rerun with --resume to run the rest\n",
                       signal == SIGINT ? "SIGINT" : "SIGTERM");
        return 128 + signal;
    }
    if (counts["failed"] > 0 || counts["timeout"] > 0)
        return 1;
    return 0;
}

}  // namespace bplab::runner
