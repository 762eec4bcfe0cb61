// runner export: every trial of a results folder as one CSV row (RFC 4180), for pandas or R.
// The trial files are read twice, one at a time: the first pass finds every metric name so
// that the header is complete, the second writes the rows, so memory does not grow with the
// number of trials.
#include <boost/program_options.hpp>

#include "subcommand.hpp"

#include <algorithm>
#include <iostream>
#include <map>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "bplab/error.hpp"
#include "results_folder.hpp"

namespace bplab::runner {

namespace {

int export_command(const SubcommandContext& context) {
    namespace po = boost::program_options;
    std::string format = "csv", output;
    std::vector<std::string> folders;
    po::options_description options_description;
    options_description.add_options()("format", po::value<std::string>(&format), "csv (the only format so far)")(
        "output,o", po::value<std::string>(&output), "write to this file instead of standard output");
    if (!parse_subcommand_arguments("export", context, options_description, folders))
        return 0;

    if (folders.size() != 1)
        throw Error(ErrorKind::input, {}, "expected one results folder; usage: runner export DIR --format csv [--output FILE]");
    if (format != "csv")
        throw Error(ErrorKind::input, {}, "--format: only csv is supported, got '" + format + "'");

    const ResultsFolder folder(folders[0]);

    // Pass 1: metric names in order of first appearance, then grouped train, validation, test.
    std::vector<std::string> metrics;
    const ReadCounts counts = folder.for_each_trial([&](const TrialFile& trial) {
        for (const auto& [name, value] : trial.metrics)
            if (std::find(metrics.begin(), metrics.end(), name) == metrics.end())
                metrics.push_back(name);
    });
    warn_unreadable(counts);
    require_results(folder, counts);
    order_metric_names(metrics);

    // Pass 2: one row per trial file, grid values first.
    OutputStream out(output);
    std::vector<std::string> header{"trial_id"};
    header.insert(header.end(), folder.grid_keys().begin(), folder.grid_keys().end());
    header.insert(header.end(), {"seed", "fold", "repeat", "status"});
    header.insert(header.end(), metrics.begin(), metrics.end());
    out.stream() << csv_record(header);

    std::map<std::string, double> row_metrics;
    folder.for_each_trial([&](const TrialFile& trial) {
        const GridPoint& point = folder.points()[trial.point_index];
        std::vector<std::string> row{trial.id};
        for (const auto& key : folder.grid_keys()) {
            const auto* value = point.point.if_contains(key);
            row.push_back(value ? format_value(*value) : "");
        }
        row.push_back(std::to_string(trial.key.seed));
        row.push_back(trial.key.fold > 0 ? std::to_string(trial.key.fold) : "");
        row.push_back(trial.key.repeat > 0 ? std::to_string(trial.key.repeat) : "");
        row.push_back(trial.status);
        row_metrics.clear();
        row_metrics.insert(trial.metrics.begin(), trial.metrics.end());
        for (const auto& name : metrics) {
            const auto found = row_metrics.find(name);
            // fmt's default for a double is the shortest text that reads back to the same value.
            row.push_back(found == row_metrics.end() ? "" : fmt::format("{}", found->second));
        }
        out.stream() << csv_record(row);
    });
    out.commit();
    if (!output.empty())
        fmt::print("wrote {} rows to {}\n", counts.read, output);
    return 0;
}

const Registration export_registration{
    "export", {"runner export DIR --format csv [--output FILE]", "write one CSV row per trial: grid values, seed, status, metrics",
               export_command}};

}  // namespace

}  // namespace bplab::runner
