// runner report: one self-contained HTML file for a results folder. It contains the ranked table,
// learning curves of the best points and, for each grid key, the primary metric against that
// key's values. Charts are inline SVG drawn here and the style sheet is inline, so the file
// needs no script and no network to show or print.
#include <boost/program_options.hpp>

#include "subcommand.hpp"

#include <algorithm>
#include <iostream>
#include <cmath>
#include <map>
#include <numeric>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "bplab/error.hpp"
#include "experiment/results.hpp"
#include "experiment/trial.hpp"
#include "results_folder.hpp"
#include "svg_chart.hpp"

namespace bplab::runner {

namespace {

using svg::escape;

// Above this many trials a chart of metric against grid value draws one dot per grid point
// (the mean of its trials) instead of one per trial, so that the file stays small.
constexpr std::size_t max_trial_dots = 4000;

// Running mean and variance of one value (Welford's update), so that curves of many trials
// need no list of their values.
struct Running {
    std::size_t n = 0;
    double mean = 0;
    double m2 = 0;  // sum of squared deviations from the mean

    void add(double value) {
        ++n;
        const double delta = value - mean;
        mean += delta / static_cast<double>(n);
        m2 += delta * (value - mean);
    }
    // Sample standard deviation, n - 1 in the denominator; 0 for one value.
    double std() const { return n > 1 ? std::sqrt(m2 / static_cast<double>(n - 1)) : 0.0; }
};

// History columns of the trials of one grid point, by column name and then epoch.
struct PointCurves {
    std::map<std::string, std::map<long long, Running>> columns;
    std::size_t trials = 0;
};

// Adds a trial's history (columns such as epoch, train_loss, validation_accuracy) to `curves`.
void add_history(const boost::json::object& trial, PointCurves& curves) {
    const auto* history = trial.if_contains("history");
    if (!history || !history->is_object())
        return;
    const auto* epochs = history->get_object().if_contains("epoch");
    if (!epochs || !epochs->is_array())
        return;
    const auto& epoch_list = epochs->get_array();
    ++curves.trials;
    for (const auto& column : history->get_object()) {
        if (column.key() == "epoch" || column.key() == "lr" || !column.value().is_array())
            continue;
        auto& by_epoch = curves.columns[std::string(column.key())];
        const auto& values = column.value().get_array();
        for (std::size_t i = 0; i < values.size() && i < epoch_list.size(); ++i)
            if (values[i].is_number() && epoch_list[i].is_number()) {
                const double value = values[i].to_number<double>();
                if (std::isfinite(value))
                    by_epoch[epoch_list[i].to_number<long long>()].add(value);
            }
    }
}

svg::Series make_series(const PointCurves& curves, const std::string& column, const std::string& name,
                        const std::string& colour) {
    svg::Series series{name, colour, {}, {}, {}};
    const auto found = curves.columns.find(column);
    if (found == curves.columns.end())
        return series;
    for (const auto& [epoch, running] : found->second) {
        series.x.push_back(static_cast<double>(epoch));
        series.mean.push_back(running.mean);
        series.std.push_back(running.std());
    }
    return series;
}

// Returns the history's metric name: "accuracy" for train_accuracy, "rmse" for train_rmse.
std::string history_metric(const PointCurves& curves) {
    for (const auto& [column, values] : curves.columns)
        if (column.starts_with("train_") && column != "train_loss")
            return column.substr(6);
    return {};
}

std::string mean_std_cell(const std::vector<double>& values) {
    if (values.empty())
        return "-";
    const experiment::Aggregate a = experiment::aggregate(values);
    // The std sits in its own span, so that a narrow page (print) can wrap it under the mean.
    return fmt::format("{:.4f} <span class=\"std\">± {:.4f}</span>", a.mean, a.std);
}

// The metrics of the ranked table: the primary one, the other main test metrics of the task,
// and the primary metric on the training part, which shows overfitting.
std::vector<std::string> table_metrics(const std::string& primary, const std::vector<PointValues>& values) {
    std::vector<std::string> candidates{primary};
    for (const char* name : {"test.accuracy", "test.f1", "test.rmse", "test.mae", "test.r2", "test.loss"})
        candidates.emplace_back(name);
    const auto dot = primary.find('.');
    if (dot != std::string::npos)
        candidates.push_back("train" + primary.substr(dot));
    std::vector<std::string> metrics;
    for (const auto& name : candidates) {
        if (std::find(metrics.begin(), metrics.end(), name) != metrics.end())
            continue;
        const bool present = std::any_of(values.begin(), values.end(), [&](const PointValues& p) { return p.metrics.contains(name); });
        if (present)
            metrics.push_back(name);
    }
    if (metrics.empty())
        metrics.push_back(primary);
    return metrics;
}

const char* style_sheet = R"css(
:root { color-scheme: light; }
body { margin: 0; background: #ffffff; color: #1b1b1b;
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1140px; margin: 0 auto; padding: 24px 28px 40px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d8d8d8; }
h3 { font-size: 15px; margin: 0 0 6px; }
p { margin: 4px 0; }
.meta { color: #444; }
.note { color: #555; font-size: 13px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.ranking { font-size: 13px; }
th, td { padding: 3px 7px; border-bottom: 1px solid #e6e6e6; text-align: left; white-space: nowrap; vertical-align: top; }
td .std { color: #555; }
th { background: #f4f4f4; border-bottom: 2px solid #c4c4c4; font-weight: 600; }
td.num, th.num { text-align: right; }
tr.best td { background: #eaf4ea; }
.charts { display: flex; flex-wrap: wrap; gap: 14px; }
.charts > figure { flex: 1 1 420px; max-width: 540px; }
figure { margin: 0 0 18px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 13px; color: #444; margin-top: 2px; }
svg.chart { display: block; width: 100%; height: auto; border: 1px solid #e2e2e2; background: #ffffff; }
.point { margin-bottom: 22px; break-inside: avoid; page-break-inside: avoid; }
table.settings td:first-child { color: #444; }
footer { margin-top: 36px; color: #666; font-size: 12px; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 11px; background: #ffffff; color: #000000; }
  main { max-width: none; padding: 0; }
  .table-wrap { overflow: visible; }
  table.ranking { font-size: 9.5px; }
  table.ranking th, table.ranking td { padding: 2px 4px; white-space: normal; }
  td .std { white-space: nowrap; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure, svg, .point { break-inside: avoid; page-break-inside: avoid; }
  .charts > figure { flex: 1 1 45%; max-width: 49%; }
  th { background: #ffffff; }
  tr.best td { background: #ffffff; font-weight: 600; }
}
)css";

struct ReportOptions {
    std::filesystem::path folder;
    std::filesystem::path output;
    std::size_t curves = 3;
    std::size_t rows = 100;
};

std::string ranked_section(const ResultsFolder& folder, const std::vector<PointValues>& values, const std::vector<std::size_t>& order,
                           const std::vector<std::string>& metrics, std::size_t max_rows) {
    const std::string& primary = folder.primary_metric();
    std::string html = fmt::format("<section id=\"ranking\"><h2>Grid points ranked by {}</h2>\n", escape(primary));
    html += fmt::format("<p class=\"note\">Mean ± sample standard deviation over the ok trials of each point (seeds, folds "
                        "and repeats); {} is better. n counts the ok trials.</p>\n",
                        experiment::larger_is_better(primary) ? "higher" : "lower");
    html += "<div class=\"table-wrap\"><table class=\"ranking\">\n<thead><tr><th class=\"num\">rank</th>";
    for (const auto& key : folder.grid_keys())
        html += fmt::format("<th>{}</th>", escape(key));
    html += "<th class=\"num\">n</th>";
    for (const auto& metric : metrics)
        html += fmt::format("<th class=\"num\">{}</th>", escape(metric));
    html += "</tr></thead>\n<tbody>\n";
    std::size_t rank = 0;
    for (std::size_t row = 0; row < order.size() && row < max_rows; ++row) {
        const std::size_t index = order[row];
        const PointValues& point = values[index];
        const bool ranked = point.metrics.contains(primary);
        html += ranked && rank == 0 ? "<tr class=\"best\">" : "<tr>";
        html += fmt::format("<td class=\"num\">{}</td>", ranked ? std::to_string(++rank) : "-");
        for (const auto& key : folder.grid_keys()) {
            const auto* value = folder.points()[index].point.if_contains(key);
            html += fmt::format("<td>{}</td>", value ? escape(format_value(*value)) : "");
        }
        html += fmt::format("<td class=\"num\">{}</td>", point.values(primary).size());
        for (const auto& metric : metrics)
            html += fmt::format("<td class=\"num\">{}</td>", mean_std_cell(point.values(metric)));
        html += "</tr>\n";
    }
    html += "</tbody></table></div>\n";
    if (order.size() > max_rows)
        html += fmt::format("<p class=\"note\">The best {} of {} points; <code>runner compare {}</code> lists them all.</p>\n",
                            max_rows, order.size(), escape(folder.folder().string()));
    return html + "</section>\n";
}

std::string curves_section(const ResultsFolder& folder, const std::vector<PointValues>& values,
                           const std::vector<std::size_t>& order, std::size_t count) {
    if (count == 0)
        return "";
    // The best points that have a value for the primary metric.
    std::vector<std::size_t> best;
    for (std::size_t index : order)
        if (best.size() < count && values[index].metrics.contains(folder.primary_metric()))
            best.push_back(index);
    if (best.empty())
        return "<section id=\"curves\"><h2>Learning curves</h2><p>No point has an ok trial.</p></section>\n";

    // Second pass over the trial files, reading only those of the chosen points.
    std::map<std::size_t, PointCurves> curves;
    for (std::size_t index : best)
        curves[index];
    const ReadCounts counts = folder.for_each_trial(
        [&](const TrialFile& trial) {
            if (trial.status == "ok")
                add_history(*trial.json, curves[trial.point_index]);
        },
        [&](std::size_t index) { return curves.contains(index); });
    warn_unreadable(counts);

    std::string html = fmt::format("<section id=\"curves\"><h2>Learning curves of the best {} point{}</h2>\n", best.size(),
                                   best.size() == 1 ? "" : "s");
    html += "<p class=\"note\">Per epoch: the mean over the point's ok trials (seeds, folds and repeats) as a line, and a "
            "band of ±1 standard deviation. Trials that stopped early count only up to their last epoch.</p>\n";
    for (std::size_t rank = 0; rank < best.size(); ++rank) {
        const std::size_t index = best[rank];
        const PointCurves& point = curves[index];
        const std::string metric = history_metric(point);
        svg::LineChart loss{"loss", "epoch", "loss",
                            {make_series(point, "train_loss", "training", svg::train_colour),
                             make_series(point, "validation_loss", "validation", svg::validation_colour)}};
        svg::LineChart quality{metric.empty() ? "metric" : metric, "epoch", metric,
                               {make_series(point, "train_" + metric, "training", svg::train_colour),
                                make_series(point, "validation_" + metric, "validation", svg::validation_colour)}};
        loss.y_floor = 0;
        quality.y_floor = 0;
        if (metric == "accuracy")
            quality.y_ceiling = 1;
        std::erase_if(loss.series, [](const svg::Series& s) { return s.x.empty(); });
        std::erase_if(quality.series, [](const svg::Series& s) { return s.x.empty(); });
        html += fmt::format("<div class=\"point\"><h3>#{} {}</h3>\n", rank + 1, escape(folder.points()[index].label));
        html += fmt::format("<div class=\"charts\"><figure>{}</figure><figure>{}</figure></div>\n", svg::draw_line_chart(loss),
                            svg::draw_line_chart(quality));
        const bool has_validation = point.columns.contains("validation_loss");
        html += fmt::format("<p class=\"note\">Mean of {} ok trial{}{}.</p></div>\n", point.trials, point.trials == 1 ? "" : "s",
                            has_validation ? "" : "; no validation curve, because training.validation is 0");
    }
    return html + "</section>\n";
}

std::string grid_section(const ResultsFolder& folder, const std::vector<PointValues>& values) {
    const std::string& primary = folder.primary_metric();
    if (folder.grid_keys().empty())
        return "";
    std::size_t trial_values = 0;
    for (const PointValues& point : values)
        trial_values += point.values(primary).size();
    const bool per_point = trial_values > max_trial_dots;

    std::string html = fmt::format("<section id=\"grid\"><h2>{} by grid value</h2>\n", escape(primary));
    html += per_point
                ? fmt::format("<p class=\"note\">One dot per grid point (the mean of its trials, because the grid has {} "
                              "trials); the bar marks the mean for each value, over every other grid key, and a dashed line joins the "
                              "means of numeric values.</p>\n",
                              trial_values)
                : "<p class=\"note\">One dot per ok trial; the bar marks the mean for each value, over every other grid "
                  "key, and a dashed line joins the means of numeric values.</p>\n";
    html += "<div class=\"charts\">\n";
    for (const auto& key : folder.grid_keys()) {
        const std::vector<boost::json::value> key_values = folder.key_values(key);
        svg::StripChart chart{primary + " by " + key, key, primary, {}, std::vector<std::vector<double>>(key_values.size())};
        for (const auto& value : key_values)
            chart.categories.push_back(format_value(value));
        // Numbers are ordered, so a line through their means shows a trend; names are not.
        chart.join_means = std::all_of(key_values.begin(), key_values.end(), [](const auto& v) { return v.is_number(); });
        for (std::size_t p = 0; p < values.size(); ++p) {
            const auto* value = folder.points()[p].point.if_contains(key);
            if (!value)
                continue;
            const auto category = static_cast<std::size_t>(std::find(key_values.begin(), key_values.end(), *value) - key_values.begin());
            const std::vector<double> sample = values[p].values(primary);
            if (sample.empty())
                continue;
            if (per_point)
                chart.values[category].push_back(std::accumulate(sample.begin(), sample.end(), 0.0) / static_cast<double>(sample.size()));
            else
                chart.values[category].insert(chart.values[category].end(), sample.begin(), sample.end());
        }
        html += fmt::format("<figure>{}</figure>\n", svg::draw_strip_chart(chart));
    }
    return html + "</div></section>\n";
}

std::string settings_section(const ResultsFolder& folder) {
    if (folder.settings().empty())
        return "";
    std::string html = "<section id=\"settings\"><h2>Settings shared by every point</h2>\n<div class=\"table-wrap\"><table "
                       "class=\"settings\"><tbody>\n";
    for (const auto& entry : folder.settings())
        html += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", escape(std::string(entry.key())), escape(format_value(entry.value())));
    return html + "</tbody></table></div></section>\n";
}

std::string build_report(const ResultsFolder& folder, const ReportOptions& options) {
    ReadCounts counts;
    const std::vector<PointValues> values = collect_point_values(folder, counts);
    require_results(folder, counts);
    const std::vector<std::size_t> order = rank_points(values, folder.primary_metric());

    std::map<std::string, std::size_t> statuses;
    for (const PointValues& point : values)
        for (const auto& [status, count] : point.statuses)
            statuses[status] += count;
    std::string status_text;
    for (const auto& [status, count] : statuses)
        status_text += fmt::format("{}{} {}", status_text.empty() ? "" : ", ", count, status);

    std::string html = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>{0} — Backprop Lab report</title>\n<style>{1}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>{0}</h1>\n",
        escape(folder.experiment()), style_sheet);
    if (!folder.description().empty())
        html += fmt::format("<p>{}</p>\n", escape(folder.description()));
    html += fmt::format("<p class=\"meta\">Results folder <code>{}</code>: {} of {} trials have results ({}); {} grid "
                        "point{}; primary metric {} ({} is better).</p>\n</header>\n",
                        escape(folder.folder().string()), counts.read, folder.trial_count(), escape(status_text),
                        folder.points().size(), folder.points().size() == 1 ? "" : "s", escape(folder.primary_metric()),
                        experiment::larger_is_better(folder.primary_metric()) ? "higher" : "lower");
    html += ranked_section(folder, values, order, table_metrics(folder.primary_metric(), values), options.rows);
    html += curves_section(folder, values, order, options.curves);
    html += grid_section(folder, values);
    html += settings_section(folder);
    html += fmt::format("<footer>Written by <code>runner report</code> of Backprop Lab {}.</footer>\n</main>\n</body>\n</html>\n",
                        BPLAB_VERSION);
    return html;
}

int report_command(const SubcommandContext& context) {
    namespace po = boost::program_options;
    ReportOptions options;
    std::string output;
    std::vector<std::string> folders;
    po::options_description options_description;
    options_description.add_options()("output,o", po::value<std::string>(&output), "the HTML file to write (default: DIR/report.html)")(
        "curves", po::value<std::size_t>(&options.curves), "learning curves for this many of the best points (default 3)")(
        "rows", po::value<std::size_t>(&options.rows), "rows of the ranked table (default 100)");
    if (!parse_subcommand_arguments("report", context, options_description, folders))
        return 0;
    if (folders.size() != 1)
        throw Error(ErrorKind::input, {}, "expected one results folder; usage: runner report DIR [--output FILE]");

    const ResultsFolder folder(folders[0]);
    options.folder = folders[0];
    options.output = output.empty() ? options.folder / "report.html" : std::filesystem::path(output);
    write_output(options.output, build_report(folder, options));
    fmt::print("report: {}\n", options.output.string());
    return 0;
}

const Registration report_registration{
    "report", {"runner report DIR [--output FILE]", "write a self-contained HTML report: ranked table, learning curves, charts",
               report_command}};

}  // namespace

}  // namespace bplab::runner
