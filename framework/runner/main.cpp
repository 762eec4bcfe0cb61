// runner: the command-line host of Backprop Lab. `runner EXPERIMENT.yaml` runs a grid; a first
// argument that names a subcommand (plugins, summarize, ...) runs that instead, see
// subcommand.hpp.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "bplab/error.hpp"
#include "bplab/manifest.hpp"
#include "run.hpp"
#include "subcommand.hpp"

namespace po = boost::program_options;

namespace {

const char* const usage = R"(Usage: runner EXPERIMENT.yaml [options] [key=value ...]

Runs every trial of an experiment's grid in parallel and writes one JSON file per trial and a
summary. key=value pairs override settings of the file, for example optimizer.lr=0.01 or
model.hidden=[32,32]; overriding a grid key fixes it to that value.
)";

std::filesystem::path executable_path(const char* argv0) {
    std::error_code status;
    auto self = std::filesystem::read_symlink("/proc/self/exe", status);
    if (!status)
        return self;
    return std::filesystem::absolute(argv0);
}

// Parses "K/N" for --shard.
void parse_shard(const std::string& text, bplab::runner::RunOptions& options) {
    int index = 0, count = 0;
    char slash = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &index, &slash, &count, &extra) != 3 || slash != '/' || count < 1 ||
        index < 1 || index > count)
        throw bplab::Error(bplab::ErrorKind::input, {}, "--shard: expected K/N with 1 ≤ K ≤ N, such as 2/4, got '" + text + "'");
    options.shard_index = index;
    options.shard_count = count;
}

int run_main(int argc, char** argv) {
    bplab::runner::RunOptions options;
    options.executable = executable_path(argv[0]);

    // A subcommand parses its own arguments.
    if (argc > 1) {
        auto& table = bplab::runner::subcommands();
        auto found = table.find(argv[1]);
        if (found != table.end()) {
            bplab::runner::SubcommandContext context{std::vector<std::string>(argv + 2, argv + argc), options.executable};
            try {
                return found->second.run(context);
            } catch (const po::error& error) {
                throw bplab::Error(bplab::ErrorKind::input, {}, std::string(error.what()) + "; usage: " + found->second.usage);
            }
        }
    }
    std::string shard;
    std::vector<std::string> positional;

    po::options_description visible("Options");
    visible.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("jobs,j", po::value<int>(&options.threads), "number of trials run at once (default: all cores)")
        ("output,o", po::value<std::string>(&options.output), "results folder (default: results/<experiment name>)")
        ("plugins", po::value<std::vector<std::string>>(&options.plugin_dirs)->composing(),
         "a plugin folder or library to load before the built-in ones (repeatable; BPLAB_PLUGIN_PATH adds more)")
        ("resume", po::bool_switch(&options.resume), "keep trials that already have a result (ok or diverged) and run the rest")
        ("force", po::bool_switch(&options.force), "delete the folder's earlier trials, even of another configuration, and start afresh")
        ("fail-fast", po::bool_switch(&options.fail_fast), "stop the grid at the first failed or timed-out trial")
        ("trial-timeout", po::value<double>(&options.trial_timeout), "record a trial as timeout after this many seconds")
        ("shard", po::value<std::string>(&shard), "run only part K of N of the grid, such as 2/4 (for job arrays)")
        ("dry-run", po::bool_switch(&options.dry_run), "print the number of trials and the first grid points, and run nothing")
        ("quiet,q", po::bool_switch(&options.quiet), "print nothing but errors");
    po::options_description hidden;
    hidden.add_options()("positional", po::value<std::vector<std::string>>(&positional));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positions;
    positions.add("positional", -1);

    po::variables_map values;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positions).run(), values);
        po::notify(values);
    } catch (const po::error& error) {
        throw bplab::Error(bplab::ErrorKind::input, {}, std::string(error.what()) + "; see runner --help");
    }

    if (values.count("help")) {
        std::cout << usage << "\n" << visible << "\nOther commands:\n";
        for (const auto& [name, subcommand] : bplab::runner::subcommands())
            std::cout << fmt::format("  {:<58} {}\n", subcommand.usage, subcommand.summary);
        return 0;
    }
    if (values.count("version")) {
        fmt::print("runner (Backprop Lab) {}\nplugin ABI version {}\n", BPLAB_VERSION, BPLAB_ABI_VERSION);
        return 0;
    }
    if (!shard.empty())
        parse_shard(shard, options);
    if (values.count("jobs") && options.threads < 1)
        throw bplab::Error(bplab::ErrorKind::input, {}, "--jobs: expected a number of threads ≥ 1");
    if (values.count("trial-timeout") && !(options.trial_timeout > 0))
        throw bplab::Error(bplab::ErrorKind::input, {}, "--trial-timeout: expected a number of seconds > 0");
    if (options.resume && options.force)
        throw bplab::Error(bplab::ErrorKind::input, {}, "--resume and --force contradict each other; choose one");

    if (positional.empty())
        throw bplab::Error(bplab::ErrorKind::input, {}, "no experiment file given; see runner --help");

    const std::string command = positional.front();
    const std::vector<std::string> rest(positional.begin() + 1, positional.end());

    options.experiment_file = command;
    for (const auto& item : rest) {
        if (item.find('=') == std::string::npos)
            throw bplab::Error(bplab::ErrorKind::input, {},
                               "'" + item + "' is neither an option nor a key=value override; only one experiment file is run at a time");
        options.overrides.push_back(item);
    }
    return bplab::runner::run_experiment(options);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run_main(argc, argv);
    } catch (const bplab::Error& error) {
        std::fflush(stdout);
        fmt::print(stderr, "error: {}\n", error.what());
        return 2;
    } catch (const std::exception& error) {
        std::fflush(stdout);
        fmt::print(stderr, "error: {}\n", error.what());
        return 2;
    }
}
