// runner compare on real results folders of tiny runs: the numbers of every format are checked
// against statistics computed here, independently, from the trial files.
#define BOOST_TEST_MODULE compare
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>
#include <sstream>

#include <boost/json.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "cli_support.hpp"

using namespace bplab::testing;

namespace {

// Three runs made once for the whole file: A, B (A's grid and seeds with 30 epochs, so every
// trial has a partner) and C (tiny_reordered_experiment).
struct Runs {
    TempDir dir;
    std::filesystem::path a, b, c;
    Runs() {
        a = make_run(dir, "a", tiny_experiment);
        b = make_run(dir, "b", tiny_experiment, {"training.epochs=30"});
        c = make_run(dir, "c", tiny_reordered_experiment);
    }
};

const Runs& runs() {
    static const Runs instance;
    return instance;
}

// Values of one metric of the ok trials of each grid point, keyed by seed.
using PointSeries = std::map<std::string, std::map<std::int64_t, double>>;

PointSeries metric_by_point(const std::filesystem::path& folder, const std::string& part, const std::string& metric) {
    PointSeries series;
    for (const auto& [id, trial] : read_trials(folder)) {
        if (trial.at("status") != "ok")
            continue;
        // The point as canonical text: keys sorted, so that key order does not matter.
        std::map<std::string, std::string> sorted;
        for (const auto& entry : trial.at("point").as_object())
            sorted[std::string(entry.key())] = boost::json::serialize(entry.value());
        std::string key;
        for (const auto& [name, value] : sorted)
            key += name + "=" + value + ";";
        series[key][trial.at("seed").as_int64()] = trial.at("metrics").at(part).at(metric).to_number<double>();
    }
    return series;
}

std::string point_key(const boost::json::object& point) {
    std::map<std::string, std::string> sorted;
    for (const auto& entry : point)
        sorted[std::string(entry.key())] = boost::json::serialize(entry.value());
    std::string key;
    for (const auto& [name, value] : sorted)
        key += name + "=" + value + ";";
    return key;
}

double mean_of(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v)
        sum += x;
    return sum / static_cast<double>(v.size());
}

double variance_of(const std::vector<double>& v) {
    const double m = mean_of(v);
    double squares = 0;
    for (double x : v)
        squares += (x - m) * (x - m);
    return squares / static_cast<double>(v.size() - 1);
}

double p_value(double t, double dof) {
    const boost::math::students_t distribution(dof);
    return 2 * boost::math::cdf(boost::math::complement(distribution, std::fabs(t)));
}

boost::json::object compare_json(const std::vector<std::string>& arguments) {
    std::vector<std::string> full{"compare"};
    full.insert(full.end(), arguments.begin(), arguments.end());
    full.insert(full.end(), {"--format", "json"});
    const ProcessResult result = run_runner(full);
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    return boost::json::parse(result.out).as_object();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(compare)

BOOST_AUTO_TEST_CASE(single_run_intervals_match_trials) {
    const boost::json::object result = compare_json({runs().a.string()});
    BOOST_TEST(result.at("format") == "bplab.compare/1");
    BOOST_TEST(result.at("ranked_by") == "test.accuracy");
    BOOST_TEST(result.at("goal") == "max");
    const PointSeries expected = metric_by_point(runs().a, "test", "accuracy");
    const auto& points = result.at("points").as_array();
    BOOST_TEST_REQUIRE(points.size() == 4u);
    double previous = 2;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& point = points[i].as_object();
        BOOST_TEST(point.at("rank").as_int64() == static_cast<std::int64_t>(i + 1));
        std::vector<double> values;
        for (const auto& [seed, value] : expected.at(point_key(point.at("point").as_object())))
            values.push_back(value);
        BOOST_TEST_REQUIRE(values.size() == 3u);
        const auto& metric = point.at("metrics").at("test.accuracy").as_object();
        // 95% interval with 2 dof: mean ± t(0.975, 2) · s / √3, t(0.975, 2) = 4.3026527.
        const double mean = mean_of(values);
        const double std = std::sqrt(variance_of(values));
        const double half = 4.302652729911275 * std / std::sqrt(3.0);
        BOOST_TEST(metric.at("n").as_int64() == 3);
        BOOST_TEST(metric.at("mean").as_double() == mean, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(metric.at("std").as_double() == std, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(metric.at("ci_low").as_double() == mean - half, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(metric.at("ci_high").as_double() == mean + half, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(mean <= previous);
        previous = mean;
    }
}

BOOST_AUTO_TEST_CASE(single_run_text_is_aligned) {
    const ProcessResult result = run_runner({"compare", runs().a.string()});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    const auto lines = lines_of(result.out);
    BOOST_TEST_REQUIRE(lines.size() == 8u);
    BOOST_TEST(lines[0] == "run: " + runs().a.string() + " (experiment tiny): 12 of 12 trials read (12 ok)");
    BOOST_TEST(lines[1].starts_with("ranked by test.accuracy (higher is better)"));
    BOOST_TEST(lines[2].empty());
    BOOST_TEST(lines[3].starts_with("rank  n  test.accuracy mean ± std"));
    BOOST_TEST(lines[3].ends_with("95% CI  grid point"));
    // The column is right-aligned: every row's "0.8958 ± 0.1804" ends where the header's
    // "mean ± std" ends, so each row's "±" is 3 characters left of the header's.
    const auto column_of = [](const std::string& line) { return line.find("±"); };
    for (std::size_t i = 4; i < 8; ++i) {
        BOOST_TEST(lines[i].starts_with("   " + std::to_string(i - 3) + "  3  "));
        BOOST_TEST(column_of(lines[i]) + 3 == column_of(lines[3]));
    }
    const boost::json::object json = compare_json({runs().a.string()});
    const std::string best_label(json.at("points").as_array()[0].at("label").as_string());
    BOOST_TEST(lines[4].ends_with("  " + best_label));
}

BOOST_AUTO_TEST_CASE(paired_test_when_trials_match) {
    const boost::json::object result =
        compare_json({runs().a.string(), runs().b.string(), "--metric", "test.accuracy", "--metric", "test.loss"});
    BOOST_TEST(result.at("only_a").as_array().empty());
    BOOST_TEST(result.at("only_b").as_array().empty());
    const auto& matched = result.at("matched").as_array();
    BOOST_TEST_REQUIRE(matched.size() == 4u);
    for (const char* metric : {"accuracy", "loss"}) {
        const PointSeries a = metric_by_point(runs().a, "test", metric);
        const PointSeries b = metric_by_point(runs().b, "test", metric);
        for (const auto& entry : matched) {
            const std::string key = point_key(entry.at("point").as_object());
            // Pairs by seed: d_i = b_i − a_i; t = mean(d) / (s_d / √n), n − 1 = 2 dof.
            std::vector<double> differences;
            for (const auto& [seed, value] : a.at(key))
                differences.push_back(b.at(key).at(seed) - value);
            const auto& c = entry.at("metrics").at(std::string("test.") + metric).as_object();
            BOOST_TEST(c.at("test") == "paired");
            BOOST_TEST(c.at("dof").as_double() == 2.0);
            BOOST_TEST(c.at("difference").as_double() == mean_of(differences), boost::test_tools::tolerance(1e-9));
            const double sd = std::sqrt(variance_of(differences));
            BOOST_TEST_REQUIRE(sd > 0);
            const double t = mean_of(differences) / (sd / std::sqrt(3.0));
            BOOST_TEST(c.at("t").as_double() == t, boost::test_tools::tolerance(1e-9));
            BOOST_TEST(c.at("p").as_double() == p_value(t, 2), boost::test_tools::tolerance(1e-9));
            BOOST_TEST(c.at("significant").as_bool() == (p_value(t, 2) < 0.05));
        }
    }
}

BOOST_AUTO_TEST_CASE(welch_test_and_unmatched_points) {
    const boost::json::object result = compare_json({runs().a.string(), runs().c.string(), "--metric", "test.accuracy"});
    const PointSeries a = metric_by_point(runs().a, "test", "accuracy");
    const PointSeries c = metric_by_point(runs().c, "test", "accuracy");
    const auto& matched = result.at("matched").as_array();
    BOOST_TEST_REQUIRE(matched.size() == 2u);
    std::vector<std::string> labels;
    for (const auto& entry : matched) {
        labels.emplace_back(entry.at("label").as_string());
        BOOST_TEST(entry.at("point").at("model.activation") == "tanh");
        const std::string key = point_key(entry.at("point").as_object());
        std::vector<double> va, vc;
        for (const auto& [seed, value] : a.at(key))
            va.push_back(value);
        for (const auto& [seed, value] : c.at(key))
            vc.push_back(value);
        BOOST_TEST_REQUIRE(va.size() == 3u);
        BOOST_TEST_REQUIRE(vc.size() == 4u);
        // Welch: t = (mean_c − mean_a) / √(s_a²/3 + s_c²/4), Welch–Satterthwaite dof.
        const double sa = variance_of(va) / 3, sc = variance_of(vc) / 4;
        const double t = (mean_of(vc) - mean_of(va)) / std::sqrt(sa + sc);
        const double dof = (sa + sc) * (sa + sc) / (sa * sa / 2 + sc * sc / 3);
        const auto& m = entry.at("metrics").at("test.accuracy").as_object();
        BOOST_TEST(m.at("test") == "welch");
        BOOST_TEST(m.at("a").at("n").as_int64() == 3);
        BOOST_TEST(m.at("b").at("n").as_int64() == 4);
        BOOST_TEST(m.at("t").as_double() == t, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(m.at("dof").as_double() == dof, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(m.at("p").as_double() == p_value(t, dof), boost::test_tools::tolerance(1e-9));
    }
    // Matched by value although C lists its grid keys in the other order; labels are A's.
    std::sort(labels.begin(), labels.end());
    BOOST_TEST(labels[0] == "optimizer.lr=0.01 model.activation=tanh");
    BOOST_TEST(labels[1] == "optimizer.lr=0.1 model.activation=tanh");
    std::vector<std::string> only_a, only_b;
    for (const auto& entry : result.at("only_a").as_array())
        only_a.emplace_back(entry.at("label").as_string());
    for (const auto& entry : result.at("only_b").as_array())
        only_b.emplace_back(entry.at("label").as_string());
    std::sort(only_a.begin(), only_a.end());
    std::sort(only_b.begin(), only_b.end());
    BOOST_TEST(only_a == (std::vector<std::string>{"optimizer.lr=0.01 model.activation=relu", "optimizer.lr=0.1 model.activation=relu"}),
               boost::test_tools::per_element());
    BOOST_TEST(only_b == (std::vector<std::string>{"model.activation=sigmoid optimizer.lr=0.01", "model.activation=sigmoid optimizer.lr=0.1"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(default_metrics_are_test_metrics) {
    const boost::json::object result = compare_json({runs().a.string(), runs().b.string()});
    const auto& metrics = result.at("matched").as_array()[0].at("metrics").as_object();
    // The binary task reports these on the test part.
    for (const char* name : {"test.accuracy", "test.f1", "test.log_loss", "test.loss", "test.precision", "test.recall"})
        BOOST_TEST(metrics.contains(name), name);
    BOOST_TEST(metrics.size() == 6u);
    BOOST_TEST(metrics.begin()->key() == "test.accuracy");  // the primary metric leads
    const boost::json::object all = compare_json({runs().a.string(), runs().b.string(), "--all-metrics"});
    const auto& every = all.at("matched").as_array()[0].at("metrics").as_object();
    BOOST_TEST(every.size() == 18u);  // six metrics on train, validation and test
    BOOST_TEST(every.contains("validation.accuracy"));
    BOOST_TEST(every.contains("train.loss"));
}

BOOST_AUTO_TEST_CASE(csv_format_matches_json) {
    const ProcessResult csv = run_runner({"compare", runs().a.string(), runs().c.string(), "--metric", "test.accuracy", "--format", "csv"});
    BOOST_TEST_REQUIRE(csv.exit_code == 0, csv.err);
    BOOST_TEST(csv.out.find("\r\n") != std::string::npos);
    const auto records = parse_csv(csv.out);
    BOOST_TEST_REQUIRE(records.size() == 7u);  // header, 2 matched, 2 only in A, 2 only in B
    const std::vector<std::string> header{"match", "optimizer.lr", "model.activation", "metric", "a_mean", "a_std", "a_n",
                                          "b_mean", "b_std", "b_n", "difference", "test", "t", "dof", "p", "significant", "better"};
    BOOST_TEST(records[0] == header, boost::test_tools::per_element());
    const boost::json::object json = compare_json({runs().a.string(), runs().c.string(), "--metric", "test.accuracy"});
    std::map<std::string, int> matches;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& row = records[r];
        BOOST_TEST_REQUIRE(row.size() == header.size());
        ++matches[row[0]];
        BOOST_TEST(row[3] == "test.accuracy");
        if (row[0] != "both") {
            BOOST_TEST(row[11] == "none");
            continue;
        }
        // The same point in the JSON output, found by its grid values.
        for (const auto& entry : json.at("matched").as_array()) {
            const auto& point = entry.at("point").as_object();
            if (boost::json::serialize(point.at("optimizer.lr")) != boost::json::serialize(boost::json::parse(row[1])) ||
                point.at("model.activation") != row[2].c_str())
                continue;
            const auto& m = entry.at("metrics").at("test.accuracy").as_object();
            BOOST_TEST(std::stod(row[10]) == m.at("difference").as_double());
            BOOST_TEST(row[11] == "welch");
            BOOST_TEST(std::stod(row[12]) == m.at("t").as_double());
            BOOST_TEST(std::stod(row[13]) == m.at("dof").as_double());
            BOOST_TEST(std::stod(row[14]) == m.at("p").as_double());
            BOOST_TEST(row[15] == (m.at("significant").as_bool() ? "true" : "false"));
        }
    }
    BOOST_TEST(matches["both"] == 2);
    BOOST_TEST(matches["only_a"] == 2);
    BOOST_TEST(matches["only_b"] == 2);
}

BOOST_AUTO_TEST_CASE(markdown_format) {
    const ProcessResult result =
        run_runner({"compare", runs().a.string(), runs().c.string(), "--metric", "test.accuracy", "--format", "markdown"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    const auto lines = lines_of(result.out);
    std::vector<std::string> table;
    for (const auto& line : lines)
        if (line.starts_with("|"))
            table.push_back(line);
    BOOST_TEST_REQUIRE(table.size() == 4u);  // header, separator, 2 matched points
    BOOST_TEST(table[0] == "| grid point | metric | A mean ± std | B mean ± std | B − A | test | t | dof | p | significant |");
    BOOST_TEST(table[1] == "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |");
    BOOST_TEST(table[2].find("| welch |") != std::string::npos);
    BOOST_TEST(result.out.find("**Only in A**\n\n- optimizer.lr=0.1 model.activation=relu\n") != std::string::npos);
    BOOST_TEST(result.out.find("**Only in B**\n\n- model.activation=sigmoid optimizer.lr=0.1\n") != std::string::npos);
    BOOST_TEST(lines[0] == "- A: `" + runs().a.string() + " (experiment tiny): 12 of 12 trials read (12 ok)`");
}

BOOST_AUTO_TEST_CASE(output_option_writes_file) {
    const TempDir dir;
    const auto file = dir / "ranked.csv";
    const ProcessResult result = run_runner({"compare", runs().a.string(), "--format", "csv", "--output", file.string()});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    BOOST_TEST(result.out.empty());
    const auto records = parse_csv(read_text(file));
    BOOST_TEST_REQUIRE(records.size() == 5u);
    const std::vector<std::string> header{"rank", "optimizer.lr", "model.activation", "trials", "expected",
                                          "test.accuracy.mean", "test.accuracy.std", "test.accuracy.n",
                                          "test.accuracy.ci_low", "test.accuracy.ci_high"};
    BOOST_TEST(records[0] == header, boost::test_tools::per_element());
    BOOST_TEST(records[1][0] == "1");
    BOOST_TEST(records[1][3] == "3");
    BOOST_TEST(records[1][4] == "3");
}

BOOST_AUTO_TEST_CASE(bad_folders_are_rejected) {
    const TempDir dir;
    const auto missing = dir / "missing";
    ProcessResult result = run_runner({"compare", missing.string()});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + missing.string() + ": results folder not found\n");

    const auto empty = dir / "empty";
    std::filesystem::create_directories(empty);
    result = run_runner({"compare", empty.string()});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + empty.string() +
                                 ": experiment.json is missing, so this is not a results folder of 'runner EXPERIMENT.yaml -o DIR'\n");

    const auto no_trials = dir / "no_trials";
    std::filesystem::create_directories(no_trials);
    std::filesystem::copy_file(runs().a / "experiment.json", no_trials / "experiment.json");
    result = run_runner({"compare", runs().a.string(), no_trials.string()});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + no_trials.string() +
                                 ": the trials folder is missing, so the run has no results; run the experiment with -o on this folder\n");

    std::filesystem::create_directories(no_trials / "trials");
    result = run_runner({"compare", no_trials.string()});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + no_trials.string() +
                                 ": no results: none of the 12 trials listed in experiment.json has a readable file in trials/; run "
                                 "the experiment (with --resume to continue it) first\n");

    const auto wrong_format = dir / "wrong_format";
    std::filesystem::create_directories(wrong_format / "trials");
    dir.write("wrong_format/experiment.json", R"({"format": "bplab.run/9"})");
    result = run_runner({"compare", wrong_format.string()});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + (wrong_format / "experiment.json").string() +
                                 ": unknown format \"bplab.run/9\"; expected bplab.run/1, so it was written by another version of "
                                 "Backprop Lab\n");

    const auto no_points = dir / "no_points";
    std::filesystem::create_directories(no_points / "trials");
    dir.write("no_points/experiment.json", R"({"format": "bplab.run/1", "experiment": "x", "primary_metric": "test.accuracy",
                                              "grid_keys": []})");
    result = run_runner({"compare", no_points.string()});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.starts_with("error: " + (no_points / "experiment.json").string() +
                                      ": the field 'points' is missing or has the wrong type"));
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_rejected) {
    ProcessResult result = run_runner({"compare", runs().a.string(), "--metric", "test.acuracy"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.starts_with("error: " + runs().a.string() +
                                      ": no ok trial has the metric 'test.acuracy'; did you mean 'test.accuracy'?"));
    result = run_runner({"compare", runs().a.string(), "--format", "xml"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: --format: expected text, csv, json or markdown, got 'xml'\n");
    result = run_runner({"compare", runs().a.string(), runs().b.string(), runs().c.string()});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: expected one or two results folders; usage: runner compare DIR_A [DIR_B]\n");
    result = run_runner({"compare", runs().a.string(), "--alpha", "1.5"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: --alpha: expected a level between 0 and 1, such as 0.05, got 1.5\n");
}

BOOST_AUTO_TEST_CASE(skips_unreadable_trial_files) {
    // A copy of run A with one trial file cut short, as a full disk might leave it.
    const TempDir dir;
    const auto copy = dir / "a";
    std::filesystem::copy(runs().a, copy, std::filesystem::copy_options::recursive);
    const auto trials = read_trials(copy);
    const auto& [id, trial] = *trials.begin();
    const auto broken = copy / "trials" / (id + ".json");
    dir.write("a/trials/" + id + ".json", read_text(broken).substr(0, 40));

    const ProcessResult result = run_runner({"compare", copy.string(), "--format", "json"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, result.err);
    BOOST_TEST(result.err == "warning: skipped 1 trial file that is not valid trial JSON (bplab.trial/1), such as " +
                                 broken.string() + "\n");
    const auto json = boost::json::parse(result.out).as_object();
    BOOST_TEST(json.at("trials").at("read").as_int64() == 11);
    std::size_t with_two = 0;
    for (const auto& point : json.at("points").as_array())
        if (point.at("metrics").at("test.accuracy").at("n").as_int64() == 2)
            ++with_two;
    BOOST_TEST(with_two == 1u);
}

BOOST_AUTO_TEST_CASE(help_lists_options) {
    for (const char* command : {"compare", "export", "report"}) {
        const ProcessResult result = run_runner({command, "--help"});
        BOOST_TEST(result.exit_code == 0, command);
        BOOST_TEST(result.out.starts_with(std::string("Usage: runner ") + command + " "), command);
        BOOST_TEST(result.out.find("--output") != std::string::npos, command);
        BOOST_TEST(result.err.empty(), command);
    }
}

BOOST_AUTO_TEST_SUITE_END()
