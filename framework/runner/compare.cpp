// runner compare: one results folder ranked with confidence intervals, or two folders matched
// grid point by grid point with a t-test of each difference. Prints aligned text, CSV, JSON
// or a Markdown table.
#include <boost/program_options.hpp>

#include "subcommand.hpp"

#include <algorithm>
#include <iostream>
#include <cmath>
#include <optional>
#include <set>
#include <unordered_map>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "bplab/error.hpp"
#include "experiment/schema.hpp"
#include "experiment/stats.hpp"
#include "experiment/trial.hpp"
#include "results_folder.hpp"

namespace bplab::runner {

namespace {

using experiment::MeanInterval;
using experiment::TestKind;
using experiment::TTest;

enum class Format { text, csv, json, markdown };

struct CompareOptions {
    std::vector<std::filesystem::path> folders;
    Format format = Format::text;
    std::vector<std::string> metrics;  // as given with --metric, in order
    bool all_metrics = false;
    double alpha = 0.05;
    std::filesystem::path output;
};

// One results folder, read once.
struct Run {
    std::unique_ptr<ResultsFolder> folder;
    std::vector<PointValues> values;
    ReadCounts counts;
};

Run read_run(const std::filesystem::path& path) {
    Run run;
    run.folder = std::make_unique<ResultsFolder>(path);
    run.values = collect_point_values(*run.folder, run.counts);
    require_results(*run.folder, run.counts);
    return run;
}

std::set<std::string> metric_names(const Run& run) {
    std::set<std::string> names;
    for (const PointValues& point : run.values)
        for (const auto& [name, values] : point.metrics)
            names.insert(name);
    return names;
}

// Throws an error naming the folder when no trial of the run has `metric`, with the nearest
// metric name it does have.
void require_metric(const Run& run, const std::string& metric) {
    const std::set<std::string> names = metric_names(run);
    if (names.contains(metric))
        return;
    const std::vector<std::string> known(names.begin(), names.end());
    const std::string suggestion = experiment::nearest(metric, known);
    throw Error(ErrorKind::input, {run.folder->folder().string(), 0, 0},
                fmt::format("no ok trial has the metric '{}'{}; the metrics found are: {}", metric,
                            suggestion.empty() ? std::string() : "; did you mean '" + suggestion + "'?", fmt::join(known, ", ")));
}

std::optional<MeanInterval> interval_of(const std::vector<double>& values, double confidence) {
    if (values.empty())
        return std::nullopt;
    return experiment::mean_interval(values, confidence);
}

std::size_t trials_read(const PointValues& point) {
    std::size_t n = 0;
    for (const auto& [status, count] : point.statuses)
        n += count;
    return n;
}

std::string run_line(const Run& run) {
    std::string statuses;
    std::map<std::string, std::size_t> totals;
    for (const PointValues& point : run.values)
        for (const auto& [status, count] : point.statuses)
            totals[status] += count;
    for (const auto& [status, count] : totals)
        statuses += fmt::format("{}{} {}", statuses.empty() ? "" : ", ", count, status);
    return fmt::format("{} (experiment {}): {} of {} trials read ({})", run.folder->folder().string(), run.folder->experiment(),
                       run.counts.read, run.folder->trial_count(), statuses);
}

// --- formatting helpers --------------------------------------------------------------------

// Shortest exact text of a number, for CSV; empty for NaN and infinity.
std::string exact(double value) { return std::isfinite(value) ? fmt::format("{}", value) : std::string(); }

boost::json::value json_number(double value) {
    return std::isfinite(value) ? boost::json::value(value) : boost::json::value(nullptr);
}

std::string fixed(double value, int decimals) {
    if (std::isnan(value))
        return "-";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    return fmt::format("{:.{}f}", value, decimals);
}

std::string format_p(double p) {
    if (std::isnan(p))
        return "-";
    if (p < 0.0001)
        return "<0.0001";
    return fmt::format("{:.4f}", p);
}

std::string mean_std(const std::optional<MeanInterval>& m) {
    return m ? fmt::format("{:.4f} ± {:.4f}", m->mean, m->std) : "-";
}

std::string interval_text(const std::optional<MeanInterval>& m) {
    if (!m || std::isnan(m->low))
        return "-";
    return fmt::format("[{:.4f}, {:.4f}]", m->low, m->high);
}

// Width in characters of UTF-8 text, so that "±" and "−" count as one.
std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// A table for the text and Markdown formats; numeric columns are right-aligned in text.
struct Table {
    std::vector<std::string> header;
    std::vector<bool> right;
    std::vector<std::vector<std::string>> rows;
};

std::string render_text(const Table& table) {
    std::vector<std::size_t> widths(table.header.size());
    for (std::size_t c = 0; c < widths.size(); ++c) {
        widths[c] = display_width(table.header[c]);
        for (const auto& row : table.rows)
            widths[c] = std::max(widths[c], display_width(row[c]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const std::string pad(widths[c] - display_width(cells[c]), ' ');
            const bool last = c + 1 == cells.size();
            text += table.right[c] ? pad + cells[c] : cells[c] + (last ? "" : pad);
            if (!last)
                text += "  ";
        }
        return text + "\n";
    };
    std::string text = line(table.header);
    for (const auto& row : table.rows)
        text += line(row);
    return text;
}

std::string markdown_cell(const std::string& text) {
    std::string cell;
    for (char c : text) {
        if (c == '|')
            cell += '\\';
        cell += c;
    }
    return cell;
}

std::string render_markdown(const Table& table) {
    auto line = [](const std::vector<std::string>& cells) {
        std::string text = "|";
        for (const auto& cell : cells)
            text += " " + markdown_cell(cell) + " |";
        return text + "\n";
    };
    std::string text = line(table.header) + "|";
    for (bool right : table.right)
        text += right ? " ---: |" : " --- |";
    text += "\n";
    for (const auto& row : table.rows)
        text += line(row);
    return text;
}

// --- one run: ranked points ----------------------------------------------------------------

struct RankedPoint {
    std::size_t index = 0;
    std::optional<std::size_t> rank;
    std::vector<std::optional<MeanInterval>> metrics;  // one per shown metric
};

std::string render_single(const Run& run, const std::vector<std::string>& metrics, const CompareOptions& options) {
    const double confidence = 1 - options.alpha;
    const ResultsFolder& folder = *run.folder;
    std::vector<RankedPoint> ranked;
    std::size_t rank = 0;
    for (std::size_t index : rank_points(run.values, metrics.front())) {
        RankedPoint entry;
        entry.index = index;
        for (const auto& metric : metrics)
            entry.metrics.push_back(interval_of(run.values[index].values(metric), confidence));
        if (entry.metrics.front())
            entry.rank = ++rank;
        ranked.push_back(std::move(entry));
    }
    const std::string goal = experiment::larger_is_better(metrics.front()) ? "higher is better" : "lower is better";
    const std::string level = fmt::format("{:g}%", confidence * 100);

    if (options.format == Format::json) {
        boost::json::array points;
        for (const RankedPoint& entry : ranked) {
            boost::json::object values;
            for (std::size_t m = 0; m < metrics.size(); ++m) {
                const auto& interval = entry.metrics[m];
                if (!interval)
                    continue;
                values[metrics[m]] = {{"mean", interval->mean}, {"std", interval->std}, {"n", interval->n},
                                      {"ci_low", json_number(interval->low)}, {"ci_high", json_number(interval->high)}};
            }
            const GridPoint& point = folder.points()[entry.index];
            points.push_back({{"rank", entry.rank ? boost::json::value(*entry.rank) : boost::json::value(nullptr)},
                              {"point", point.point},
                              {"label", point.label},
                              {"trials", trials_read(run.values[entry.index])},
                              {"expected", point.expected},
                              {"metrics", values}});
        }
        boost::json::array metric_list;
        for (const auto& metric : metrics)
            metric_list.push_back(boost::json::string(metric));
        const boost::json::object result{
            {"format", "bplab.compare/1"},
            {"folder", folder.folder().string()},
            {"experiment", folder.experiment()},
            {"ranked_by", metrics.front()},
            {"goal", experiment::larger_is_better(metrics.front()) ? "max" : "min"},
            {"metrics", metric_list},
            {"confidence", confidence},
            {"trials", {{"expected", folder.trial_count()}, {"read", run.counts.read}}},
            {"points", points}};
        return boost::json::serialize(result) + "\n";
    }

    if (options.format == Format::csv) {
        std::vector<std::string> header{"rank"};
        header.insert(header.end(), folder.grid_keys().begin(), folder.grid_keys().end());
        header.insert(header.end(), {"trials", "expected"});
        for (const auto& metric : metrics)
            for (const char* field : {"mean", "std", "n", "ci_low", "ci_high"})
                header.push_back(metric + "." + field);
        std::string text = csv_record(header);
        for (const RankedPoint& entry : ranked) {
            const GridPoint& point = folder.points()[entry.index];
            std::vector<std::string> row{entry.rank ? std::to_string(*entry.rank) : ""};
            for (const auto& key : folder.grid_keys()) {
                const auto* value = point.point.if_contains(key);
                row.push_back(value ? format_value(*value) : "");
            }
            row.push_back(std::to_string(trials_read(run.values[entry.index])));
            row.push_back(std::to_string(point.expected));
            for (const auto& interval : entry.metrics) {
                if (!interval) {
                    row.insert(row.end(), 5, "");
                    continue;
                }
                row.insert(row.end(), {exact(interval->mean), exact(interval->std), std::to_string(interval->n),
                                       exact(interval->low), exact(interval->high)});
            }
            text += csv_record(row);
        }
        return text;
    }

    Table table;
    table.header = {"rank", "n"};
    table.right = {true, true};
    for (const auto& metric : metrics) {
        table.header.insert(table.header.end(), {metric + " mean ± std", level + " CI"});
        table.right.insert(table.right.end(), {true, true});
    }
    table.header.push_back("grid point");
    table.right.push_back(false);
    for (const RankedPoint& entry : ranked) {
        const auto& first = entry.metrics.front();
        std::vector<std::string> row{entry.rank ? std::to_string(*entry.rank) : "-", first ? std::to_string(first->n) : "0"};
        for (const auto& interval : entry.metrics) {
            row.push_back(mean_std(interval));
            row.push_back(interval_text(interval));
        }
        row.push_back(folder.points()[entry.index].label);
        table.rows.push_back(std::move(row));
    }
    const std::string intro = fmt::format("ranked by {} ({}); n is the number of ok trials; CI is the {} confidence interval "
                                          "of the mean (Student's t, n - 1 degrees of freedom)",
                                          metrics.front(), goal, level);
    if (options.format == Format::markdown)
        return fmt::format("Run: `{}`\n\n{}.\n\n{}", run_line(run), intro, render_markdown(table));
    return fmt::format("run: {}\n{}\n\n{}", run_line(run), intro, render_text(table));
}

// --- two runs: matched points --------------------------------------------------------------

struct MetricComparison {
    std::string metric;
    std::optional<MeanInterval> a, b;
    TTest test;
    bool significant = false;
    std::string better;  // "A", "B" or empty
};

struct Matched {
    std::size_t index_a = 0, index_b = 0;
    std::vector<MetricComparison> metrics;
};

// Tests B against A on one metric of one point: paired by (seed, fold, repeat) when both
// sides have exactly the same trials, Welch's test otherwise.
MetricComparison compare_metric(const PointValues& a, const PointValues& b, const std::string& metric, double alpha) {
    MetricComparison result;
    result.metric = metric;
    const double confidence = 1 - alpha;
    result.a = interval_of(a.values(metric), confidence);
    result.b = interval_of(b.values(metric), confidence);

    auto sorted = [&](const PointValues& side) {
        std::vector<std::pair<TrialKey, double>> pairs;
        if (auto found = side.metrics.find(metric); found != side.metrics.end())
            pairs = found->second;
        std::sort(pairs.begin(), pairs.end());
        return pairs;
    };
    const auto pairs_a = sorted(a);
    const auto pairs_b = sorted(b);
    const bool same_trials =
        pairs_a.size() == pairs_b.size() && std::equal(pairs_a.begin(), pairs_a.end(), pairs_b.begin(),
                                                       [](const auto& x, const auto& y) { return x.first == y.first; });
    std::vector<double> values_a, values_b;
    for (const auto& [key, value] : pairs_a)
        values_a.push_back(value);
    for (const auto& [key, value] : pairs_b)
        values_b.push_back(value);
    result.test = same_trials && pairs_a.size() >= 2 ? experiment::paired_test(values_a, values_b)
                                                     : experiment::welch_test(values_a, values_b);
    result.significant = result.test.kind != TestKind::none && result.test.p < alpha;
    if (result.significant && result.test.difference != 0) {
        const bool b_larger = result.test.difference > 0;
        result.better = b_larger == experiment::larger_is_better(metric) ? "B" : "A";
    }
    return result;
}

// Returns the metrics to compare: those given with --metric, or else the primary metric of A
// then every other test.* metric (every metric with --all-metrics) found in either run.
std::vector<std::string> comparison_metrics(const Run& a, const Run& b, const CompareOptions& options) {
    if (!options.metrics.empty())
        return options.metrics;
    std::set<std::string> found = metric_names(a);
    found.merge(metric_names(b));
    std::vector<std::string> names{a.folder->primary_metric()};
    for (const auto& name : found)
        if (name != names.front() && (options.all_metrics || name.starts_with("test.")))
            names.push_back(name);
    order_metric_names(names);
    // The primary metric leads whatever its group.
    std::stable_partition(names.begin(), names.end(), [&](const std::string& name) { return name == a.folder->primary_metric(); });
    return names;
}

std::string significance_text(const MetricComparison& comparison) {
    if (comparison.test.kind == TestKind::none)
        return "-";
    if (!comparison.significant)
        return "no";
    return comparison.better.empty() ? "yes" : "yes (" + comparison.better + " better)";
}

// Returns the point's keys in sorted order with their values as JSON text, so that two points
// give the same text exactly when they are equal JSON objects.
std::string canonical_point(const boost::json::object& point) {
    std::map<std::string, std::string> sorted;
    for (const auto& entry : point)
        sorted.emplace(std::string(entry.key()), boost::json::serialize(entry.value()));
    std::string text;
    for (const auto& [key, value] : sorted)
        text += boost::json::serialize(boost::json::value(key)) + ":" + value + ",";
    return text;
}

std::string render_pair(const Run& a, const Run& b, const std::vector<std::string>& metrics, const CompareOptions& options) {
    // Match points by their grid values, whatever the order of the keys, through a hash of
    // B's points, so that grids of many thousands of points match in linear time.
    std::unordered_map<std::string, std::size_t> b_index;
    for (std::size_t i = 0; i < b.folder->points().size(); ++i)
        b_index.emplace(canonical_point(b.folder->points()[i].point), i);
    std::vector<Matched> matched;
    std::vector<std::size_t> only_a;
    std::vector<bool> b_matched(b.folder->points().size(), false);
    for (std::size_t index_a : rank_points(a.values, metrics.front())) {
        const auto found = b_index.find(canonical_point(a.folder->points()[index_a].point));
        if (found == b_index.end()) {
            only_a.push_back(index_a);
            continue;
        }
        Matched entry;
        entry.index_a = index_a;
        entry.index_b = found->second;
        b_matched[entry.index_b] = true;
        for (const auto& metric : metrics)
            entry.metrics.push_back(compare_metric(a.values[index_a], b.values[entry.index_b], metric, options.alpha));
        matched.push_back(std::move(entry));
    }
    std::vector<std::size_t> only_b;
    for (std::size_t i = 0; i < b_matched.size(); ++i)
        if (!b_matched[i])
            only_b.push_back(i);

    const auto& points_a = a.folder->points();
    const auto& points_b = b.folder->points();

    if (options.format == Format::json) {
        auto side = [](const std::optional<MeanInterval>& m) -> boost::json::value {
            if (!m)
                return nullptr;
            return {{"mean", m->mean}, {"std", m->std}, {"n", m->n}};
        };
        boost::json::array matched_json;
        for (const Matched& entry : matched) {
            boost::json::object values;
            for (const MetricComparison& c : entry.metrics) {
                boost::json::object item{{"a", side(c.a)},
                                         {"b", side(c.b)},
                                         {"difference", json_number(c.test.difference)},
                                         {"test", experiment::to_string(c.test.kind)},
                                         {"t", json_number(c.test.t)},
                                         {"dof", json_number(c.test.dof)},
                                         {"p", json_number(c.test.p)},
                                         {"significant", c.significant},
                                         {"better", c.better.empty() ? boost::json::value(nullptr) : boost::json::value(c.better)}};
                if (c.test.kind == TestKind::none)
                    item["reason"] = c.test.reason;
                values[c.metric] = std::move(item);
            }
            matched_json.push_back({{"point", points_a[entry.index_a].point},
                                    {"label", points_a[entry.index_a].label},
                                    {"metrics", values}});
        }
        auto list = [](const std::vector<std::size_t>& indices, const std::vector<GridPoint>& points) {
            boost::json::array array;
            for (std::size_t i : indices)
                array.push_back({{"point", points[i].point}, {"label", points[i].label}});
            return array;
        };
        auto run_json = [](const Run& run) {
            return boost::json::object{{"folder", run.folder->folder().string()},
                                       {"experiment", run.folder->experiment()},
                                       {"trials", {{"expected", run.folder->trial_count()}, {"read", run.counts.read}}}};
        };
        const boost::json::object result{{"format", "bplab.compare/1"},
                                          {"a", run_json(a)},
                                          {"b", run_json(b)},
                                          {"alpha", options.alpha},
                                          {"matched", matched_json},
                                          {"only_a", list(only_a, points_a)},
                                          {"only_b", list(only_b, points_b)}};
        return boost::json::serialize(result) + "\n";
    }

    if (options.format == Format::csv) {
        // Grid keys of A, then those only B has.
        std::vector<std::string> keys = a.folder->grid_keys();
        for (const auto& key : b.folder->grid_keys())
            if (std::find(keys.begin(), keys.end(), key) == keys.end())
                keys.push_back(key);
        std::vector<std::string> header{"match"};
        header.insert(header.end(), keys.begin(), keys.end());
        header.insert(header.end(), {"metric", "a_mean", "a_std", "a_n", "b_mean", "b_std", "b_n", "difference", "test", "t",
                                     "dof", "p", "significant", "better"});
        std::string text = csv_record(header);
        auto grid_cells = [&](const GridPoint& point) {
            std::vector<std::string> cells;
            for (const auto& key : keys) {
                const auto* value = point.point.if_contains(key);
                cells.push_back(value ? format_value(*value) : "");
            }
            return cells;
        };
        auto side_cells = [](const std::optional<MeanInterval>& m) -> std::vector<std::string> {
            if (!m)
                return {"", "", ""};
            return {exact(m->mean), exact(m->std), std::to_string(m->n)};
        };
        for (const Matched& entry : matched)
            for (const MetricComparison& c : entry.metrics) {
                std::vector<std::string> row{"both"};
                for (auto& cell : grid_cells(points_a[entry.index_a]))
                    row.push_back(cell);
                row.push_back(c.metric);
                for (auto& cell : side_cells(c.a))
                    row.push_back(cell);
                for (auto& cell : side_cells(c.b))
                    row.push_back(cell);
                const bool tested = c.test.kind != TestKind::none;
                std::string t, significant;
                if (tested) {
                    // An infinite t (samples without spread) prints as inf or -inf.
                    t = fmt::format("{}", c.test.t);
                    significant = c.significant ? "true" : "false";
                }
                row.insert(row.end(), {exact(c.test.difference), experiment::to_string(c.test.kind), t, exact(c.test.dof),
                                       exact(c.test.p), significant, c.better});
                text += csv_record(row);
            }
        auto unmatched_rows = [&](const Run& run, const std::vector<std::size_t>& indices, bool is_a) {
            for (std::size_t i : indices)
                for (const auto& metric : metrics) {
                    std::vector<std::string> row{is_a ? "only_a" : "only_b"};
                    for (auto& cell : grid_cells(run.folder->points()[i]))
                        row.push_back(cell);
                    row.push_back(metric);
                    const auto cells = side_cells(interval_of(run.values[i].values(metric), 1 - options.alpha));
                    const std::vector<std::string> empty{"", "", ""};
                    for (const auto& cell : is_a ? cells : empty)
                        row.push_back(cell);
                    for (const auto& cell : is_a ? empty : cells)
                        row.push_back(cell);
                    row.insert(row.end(), {"", "none", "", "", "", "", ""});
                    text += csv_record(row);
                }
        };
        unmatched_rows(a, only_a, true);
        unmatched_rows(b, only_b, false);
        return text;
    }

    Table table;
    table.header = {"grid point", "metric", "A mean ± std", "B mean ± std", "B − A", "test", "t", "dof", "p", "significant"};
    table.right = {false, false, true, true, true, false, true, true, true, false};
    const bool markdown = options.format == Format::markdown;
    for (const Matched& entry : matched)
        for (const MetricComparison& c : entry.metrics)
            // In text, only a point's first row shows its label, so that the points are easy to tell apart.
            table.rows.push_back({markdown || &c == &entry.metrics.front() ? points_a[entry.index_a].label : "", c.metric, mean_std(c.a), mean_std(c.b),
                                  std::isfinite(c.test.difference) ? fmt::format("{:+.4f}", c.test.difference) : "-",
                                  experiment::to_string(c.test.kind), fixed(c.test.t, 3), fixed(c.test.dof, 2),
                                  format_p(c.test.p), significance_text(c)});
    const std::string intro = fmt::format(
        "{} grid points in both runs, {} only in A, {} only in B. Differences are B − A; the test is paired by (seed, fold, "
        "repeat) where both runs have the same trials, Welch's otherwise; significant means p < {:g}",
        matched.size(), only_a.size(), only_b.size(), options.alpha);
    std::string text = markdown ? fmt::format("- A: `{}`\n- B: `{}`\n\n{}.\n\n", run_line(a), run_line(b), intro)
                                : fmt::format("A: {}\nB: {}\n{}\n\n", run_line(a), run_line(b), intro);
    if (matched.empty())
        text += "(no grid point is in both runs)\n";
    else if (markdown)
        text += render_markdown(table);
    else
        text += render_text(table);
    auto unmatched = [&](const char* title, const std::vector<std::size_t>& indices, const std::vector<GridPoint>& points) {
        if (indices.empty())
            return;
        text += markdown ? fmt::format("\n**{}**\n\n", title) : fmt::format("\n{}:\n", title);
        for (std::size_t i : indices)
            text += markdown ? fmt::format("- {}\n", markdown_cell(points[i].label)) : fmt::format("  {}\n", points[i].label);
    };
    unmatched("Only in A", only_a, points_a);
    unmatched("Only in B", only_b, points_b);
    return text;
}

// --- command line --------------------------------------------------------------------------

Format parse_format(const std::string& text) {
    if (text == "text")
        return Format::text;
    if (text == "csv")
        return Format::csv;
    if (text == "json")
        return Format::json;
    if (text == "markdown")
        return Format::markdown;
    throw Error(ErrorKind::input, {}, "--format: expected text, csv, json or markdown, got '" + text + "'");
}

int compare_command(const SubcommandContext& context) {
    namespace po = boost::program_options;
    CompareOptions options;
    std::string format = "text", output;
    std::vector<std::string> folders;
    po::options_description options_description;
    options_description.add_options()("format", po::value<std::string>(&format), "text (default), csv, json or markdown")(
        "metric", po::value<std::vector<std::string>>(&options.metrics)->composing(),
        "a dotted metric such as test.accuracy (repeatable); one run is ranked by the first")(
        "all-metrics", po::bool_switch(&options.all_metrics), "with two runs, compare train and validation metrics too")(
        "alpha", po::value<double>(&options.alpha), "significance level of the tests; intervals cover 1 - alpha (default 0.05)")(
        "output,o", po::value<std::string>(&output), "write to this file instead of standard output");
    if (!parse_subcommand_arguments("compare", context, options_description, folders))
        return 0;

    if (folders.empty() || folders.size() > 2)
        throw Error(ErrorKind::input, {}, "expected one or two results folders; usage: runner compare DIR_A [DIR_B]");
    if (!(options.alpha > 0 && options.alpha < 1))
        throw Error(ErrorKind::input, {}, fmt::format("--alpha: expected a level between 0 and 1, such as 0.05, got {}", options.alpha));
    options.format = parse_format(format);
    options.output = output;

    const Run a = read_run(folders[0]);
    if (folders.size() == 1) {
        std::vector<std::string> metrics = options.metrics;
        if (metrics.empty())
            metrics.push_back(a.folder->primary_metric());
        for (const auto& metric : metrics)
            require_metric(a, metric);
        write_output(options.output, render_single(a, metrics, options));
        return 0;
    }
    const Run b = read_run(folders[1]);
    const std::vector<std::string> metrics = comparison_metrics(a, b, options);
    for (const auto& metric : options.metrics) {
        require_metric(a, metric);
        require_metric(b, metric);
    }
    write_output(options.output, render_pair(a, b, metrics, options));
    return 0;
}

const Registration compare_registration{
    "compare",
    {"runner compare DIR_A [DIR_B] [--format F] [--metric M]",
     "rank one run's points with confidence intervals, or test the differences between two runs", compare_command}};

}  // namespace

}  // namespace bplab::runner
