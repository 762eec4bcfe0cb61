#include "results_folder.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <numeric>

#include <unistd.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "bplab/error.hpp"
#include "experiment/results.hpp"
#include "experiment/run_manifest.hpp"
#include "experiment/trial.hpp"

namespace bplab::runner {

namespace {

// Returns manifest[name] when it has the expected kind; throws an error naming the field.
const boost::json::value& manifest_field(const boost::json::object& manifest, const char* name, boost::json::kind kind,
                                         const std::filesystem::path& file) {
    const auto* value = manifest.if_contains(name);
    if (!value || value->kind() != kind)
        throw Error(ErrorKind::input, {file.string(), 0, 0},
                    fmt::format("the field '{}' is missing or has the wrong type; this file was not written by "
                                "'runner EXPERIMENT.yaml -o DIR', or was edited by hand",
                                name));
    return *value;
}

int optional_number(const boost::json::object& trial, const char* name) {
    const auto* value = trial.if_contains(name);
    if (!value || !value->is_number())
        return 0;
    return value->to_number<int>();
}

}  // namespace

ResultsFolder::ResultsFolder(const std::filesystem::path& folder) : folder_(folder) {
    std::error_code status;
    if (!std::filesystem::is_directory(folder, status))
        throw Error(ErrorKind::input, {folder.string(), 0, 0}, "results folder not found");
    const auto manifest_file = folder / "experiment.json";
    if (!std::filesystem::exists(manifest_file, status))
        throw Error(ErrorKind::input, {folder.string(), 0, 0},
                    "experiment.json is missing, so this is not a results folder of 'runner EXPERIMENT.yaml -o DIR'");
    const auto manifest_value = experiment::read_json_file(manifest_file);
    if (!manifest_value || !manifest_value->is_object())
        throw Error(ErrorKind::input, {manifest_file.string(), 0, 0}, "unreadable, or not a JSON object");
    const boost::json::object& manifest = manifest_value->get_object();
    const auto* format = manifest.if_contains("format");
    if (!format || *format != "bplab.run/1")
        throw Error(ErrorKind::input, {manifest_file.string(), 0, 0},
                    fmt::format("unknown format {}; expected bplab.run/1, so it was written by another version of "
                                "Backprop Lab",
                                format ? boost::json::serialize(*format) : "(none)"));

    using boost::json::kind;
    experiment_ = std::string(manifest_field(manifest, "experiment", kind::string, manifest_file).get_string());
    if (const auto* description = manifest.if_contains("description"); description && description->is_string())
        description_ = std::string(description->get_string());
    if (const auto* settings = manifest.if_contains("settings"); settings && settings->is_object())
        settings_ = settings->get_object();
    primary_metric_ = std::string(manifest_field(manifest, "primary_metric", kind::string, manifest_file).get_string());
    for (const auto& key : manifest_field(manifest, "grid_keys", kind::array, manifest_file).get_array())
        if (key.is_string())
            grid_keys_.emplace_back(key.get_string());
    for (const auto& entry : manifest_field(manifest, "points", kind::array, manifest_file).get_array()) {
        const auto* point = entry.is_object() ? entry.get_object().if_contains("point") : nullptr;
        const auto* label = entry.is_object() ? entry.get_object().if_contains("label") : nullptr;
        if (!point || !point->is_object() || !label || !label->is_string())
            throw Error(ErrorKind::input, {manifest_file.string(), 0, 0},
                        fmt::format("point {} lacks its 'point' object or 'label'", points_.size() + 1));
        points_.push_back({point->get_object(), std::string(label->get_string()), 0});
    }
    for (const auto& entry : manifest_field(manifest, "trials", kind::array, manifest_file).get_array()) {
        const auto* pair = entry.if_array();
        if (!pair || pair->size() != 2 || !(*pair)[0].is_number() || !(*pair)[1].is_string())
            throw Error(ErrorKind::input, {manifest_file.string(), 0, 0},
                        fmt::format("trial {} is not a [point index, trial id] pair", trials_.size() + 1));
        const auto index = (*pair)[0].to_number<long long>();
        if (index < 0 || static_cast<std::size_t>(index) >= points_.size())
            throw Error(ErrorKind::input, {manifest_file.string(), 0, 0},
                        fmt::format("trial {} names point index {}, but there are {} points", trials_.size() + 1, index,
                                    points_.size()));
        trials_.emplace_back(static_cast<std::size_t>(index), std::string((*pair)[1].get_string()));
        ++points_[static_cast<std::size_t>(index)].expected;
    }

    if (!std::filesystem::is_directory(folder / "trials", status))
        throw Error(ErrorKind::input, {folder.string(), 0, 0},
                    "the trials folder is missing, so the run has no results; run the experiment with -o on this folder");
}

ReadCounts ResultsFolder::for_each_trial(const std::function<void(const TrialFile&)>& visit,
                                         const std::function<bool(std::size_t)>& wanted) const {
    ReadCounts counts;
    for (const auto& [point_index, id] : trials_) {
        if (wanted && !wanted(point_index))
            continue;
        const auto file = folder_ / "trials" / (id + ".json");
        std::error_code status;
        if (!std::filesystem::exists(file, status)) {
            ++counts.missing;
            continue;
        }
        // The parsed file lives only in this iteration, so at most one trial is in memory.
        const auto value = experiment::read_json_file(file);
        const auto* object = value ? value->if_object() : nullptr;
        const auto* format = object ? object->if_contains("format") : nullptr;
        if (!object || !format || *format != "bplab.trial/1") {
            counts.unreadable.push_back(file);
            continue;
        }
        const experiment::TrialSummary summary = experiment::trial_summary_from_json(*object);
        if (summary.status.empty()) {
            counts.unreadable.push_back(file);
            continue;
        }
        TrialFile trial;
        trial.point_index = point_index;
        trial.id = id;
        if (const auto* seed = object->if_contains("seed"); seed && seed->is_number())
            trial.key.seed = seed->to_number<std::int64_t>();
        trial.key.fold = optional_number(*object, "fold");
        trial.key.repeat = optional_number(*object, "repeat");
        trial.status = summary.status;
        trial.metrics = summary.metrics;
        trial.json = object;
        ++counts.read;
        visit(trial);
    }
    return counts;
}

std::vector<boost::json::value> ResultsFolder::key_values(const std::string& key) const {
    std::vector<boost::json::value> values;
    for (const GridPoint& point : points_) {
        const auto* value = point.point.if_contains(key);
        if (value && std::find(values.begin(), values.end(), *value) == values.end())
            values.push_back(*value);
    }
    return values;
}

void warn_unreadable(const ReadCounts& counts) {
    if (counts.unreadable.empty())
        return;
    fmt::print(stderr, "warning: skipped {} trial file{} that {} not valid trial JSON (bplab.trial/1), such as {}\n",
               counts.unreadable.size(), counts.unreadable.size() == 1 ? "" : "s", counts.unreadable.size() == 1 ? "is" : "are",
               counts.unreadable.front().string());
}

void require_results(const ResultsFolder& folder, const ReadCounts& counts) {
    if (counts.read > 0)
        return;
    throw Error(ErrorKind::input, {folder.folder().string(), 0, 0},
                fmt::format("no results: none of the {} trials listed in experiment.json has a readable file in trials/; "
                            "run the experiment (with --resume to continue it) first",
                            folder.trial_count()));
}

std::string format_value(const boost::json::value& value) {
    switch (value.kind()) {
    case boost::json::kind::string:
        return std::string(value.get_string());
    case boost::json::kind::int64:
        return fmt::format("{}", value.get_int64());
    case boost::json::kind::uint64:
        return fmt::format("{}", value.get_uint64());
    case boost::json::kind::double_:
        // fmt's default for a double is the shortest text that reads back to the same value.
        return fmt::format("{}", value.get_double());
    case boost::json::kind::bool_:
        return value.get_bool() ? "true" : "false";
    case boost::json::kind::null:
        return "null";
    case boost::json::kind::array: {
        std::string text = "[";
        for (const auto& item : value.get_array())
            text += (text.size() > 1 ? ", " : "") + format_value(item);
        return text + "]";
    }
    case boost::json::kind::object:
        break;
    }
    return boost::json::serialize(value);
}

std::vector<double> PointValues::values(const std::string& metric) const {
    std::vector<double> result;
    const auto found = metrics.find(metric);
    if (found == metrics.end())
        return result;
    result.reserve(found->second.size());
    for (const auto& [key, value] : found->second)
        result.push_back(value);
    return result;
}

std::vector<PointValues> collect_point_values(const ResultsFolder& folder, ReadCounts& counts) {
    std::vector<PointValues> points(folder.points().size());
    counts = folder.for_each_trial([&](const TrialFile& trial) {
        PointValues& point = points[trial.point_index];
        ++point.statuses[trial.status];
        if (trial.status != "ok")
            return;
        for (const auto& [name, value] : trial.metrics)
            point.metrics[name].emplace_back(trial.key, value);
    });
    warn_unreadable(counts);
    return points;
}

std::vector<std::size_t> rank_points(const std::vector<PointValues>& values, const std::string& metric) {
    const bool maximize = experiment::larger_is_better(metric);
    auto mean_of = [](const std::vector<double>& sample) -> std::optional<double> {
        if (sample.empty())
            return std::nullopt;
        return std::accumulate(sample.begin(), sample.end(), 0.0) / static_cast<double>(sample.size());
    };
    std::vector<std::optional<double>> score(values.size());
    std::vector<double> tie_break(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        score[i] = mean_of(values[i].values(metric));
        tie_break[i] = mean_of(values[i].values("test.loss")).value_or(std::numeric_limits<double>::infinity());
    }
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (score[a].has_value() != score[b].has_value())
            return score[a].has_value();
        if (!score[a])
            return false;
        if (*score[a] != *score[b])
            return maximize ? *score[a] > *score[b] : *score[a] < *score[b];
        return tie_break[a] < tie_break[b];
    });
    return order;
}

void order_metric_names(std::vector<std::string>& names) {
    auto group = [](const std::string& name) {
        if (name.starts_with("train."))
            return 0;
        if (name.starts_with("validation."))
            return 1;
        if (name.starts_with("test."))
            return 2;
        return 3;
    };
    std::stable_sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) { return group(a) < group(b); });
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string csv_record(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += ',';
        line += csv_field(fields[i]);
    }
    return line + "\r\n";
}

OutputStream::OutputStream(const std::filesystem::path& path) : path_(path) {
    if (path.empty()) {
        stream_ = &std::cout;
        return;
    }
    static std::atomic<unsigned long> counter{0};
    const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    temporary_ = folder / fmt::format(".{}.tmp-{}-{}", path.filename().string(), ::getpid(), counter++);
    file_ = std::make_unique<std::ofstream>(temporary_, std::ios::binary | std::ios::trunc);
    if (!*file_)
        throw Error(ErrorKind::input, {path.string(), 0, 0}, std::string("cannot write: ") + std::strerror(errno));
    stream_ = file_.get();
}

OutputStream::~OutputStream() {
    if (file_ && !committed_) {
        file_->close();
        std::error_code ignored;
        std::filesystem::remove(temporary_, ignored);
    }
}

void OutputStream::commit() {
    stream_->flush();
    if (!file_) {
        committed_ = true;
        return;
    }
    file_->close();
    if (!*file_)
        throw Error(ErrorKind::input, {path_.string(), 0, 0}, std::string("cannot write: ") + std::strerror(errno));
    std::error_code status;
    std::filesystem::rename(temporary_, path_, status);
    if (status)
        throw Error(ErrorKind::input, {path_.string(), 0, 0}, "cannot rename the finished file into place: " + status.message());
    committed_ = true;
}

void write_output(const std::filesystem::path& path, const std::string& text) {
    OutputStream output(path);
    output.stream() << text;
    output.commit();
}

}  // namespace bplab::runner
