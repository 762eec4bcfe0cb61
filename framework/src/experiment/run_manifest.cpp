#include "experiment/run_manifest.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace bplab::experiment {

namespace {

// Flattens nested objects into dotted keys: {"a": {"b": 1}} -> {"a.b": 1}.
void flatten_json(const boost::json::object& object, const std::string& prefix, boost::json::object& out) {
    for (const auto& entry : object) {
        const std::string key = prefix.empty() ? std::string(entry.key()) : prefix + "." + std::string(entry.key());
        if (entry.value().is_object() && !entry.value().get_object().empty())
            flatten_json(entry.value().get_object(), key, out);
        else
            out[key] = entry.value();
    }
}

}  // namespace

boost::json::object make_run_manifest(const Experiment& experiment, const std::vector<PointConfig>& points,
                                      const std::vector<TrialSpec>& trials, const std::string& primary_metric) {
    boost::json::object settings;
    if (!points.empty()) {
        boost::json::object flat;
        flatten_json(points.front().config_json(), "", flat);
        // Values that the grid varies are described by the grid axes, not by the first point.
        for (const auto& entry : flat) {
            bool varied = false;
            for (const GridAxis& axis : experiment.grid) {
                const std::string key = axis.key.size() > 5 && axis.key.ends_with(".name") ? axis.key.substr(0, axis.key.size() - 5) : axis.key;
                const std::string entry_key(entry.key());
                if (entry_key == key || entry_key.compare(0, key.size() + 1, key + ".") == 0)
                    varied = true;
            }
            if (!varied)
                settings[entry.key()] = entry.value();
        }
    }
    boost::json::object grid;
    boost::json::array grid_keys;
    for (const GridAxis& axis : experiment.grid) {
        boost::json::array values;
        for (const Node& value : axis.values)
            values.push_back(boost::json::string(value.to_flow()));
        grid[axis.key] = values;
        grid_keys.push_back(boost::json::string(axis.key));
    }
    boost::json::array seeds;
    for (auto seed : experiment.seeds)
        seeds.push_back(seed);
    boost::json::array point_list;
    for (const PointConfig& point : points)
        point_list.push_back({{"point", point.point_json()}, {"label", point.label()}});
    boost::json::array trial_list;
    for (const TrialSpec& trial : trials)
        trial_list.push_back({trial.point->index, boost::json::string(trial.id)});

    return {{"format", "bplab.run/1"},
            {"experiment", experiment.name},
            {"description", experiment.description},
            {"file", experiment.file},
            {"primary_metric", primary_metric},
            {"settings", settings},
            {"grid_keys", grid_keys},
            {"grid", grid},
            {"seeds", seeds},
            {"points", point_list},
            {"trials", trial_list}};
}

std::vector<std::string> manifest_differences(const boost::json::object& before, const boost::json::object& now) {
    std::vector<std::string> differences;
    auto compare_objects = [&](const char* section, const std::string& prefix) {
        const boost::json::object empty;
        const auto* a = before.if_contains(section);
        const auto* b = now.if_contains(section);
        const boost::json::object& old_values = a && a->is_object() ? a->get_object() : empty;
        const boost::json::object& new_values = b && b->is_object() ? b->get_object() : empty;
        for (const auto& entry : old_values) {
            const auto* other = new_values.if_contains(entry.key());
            if (!other)
                differences.push_back(fmt::format("{}{}: {} -> (not set)", prefix, std::string(entry.key()),
                                                  boost::json::serialize(entry.value())));
            else if (*other != entry.value())
                differences.push_back(fmt::format("{}{}: {} -> {}", prefix, std::string(entry.key()),
                                                  boost::json::serialize(entry.value()), boost::json::serialize(*other)));
        }
        for (const auto& entry : new_values)
            if (!old_values.if_contains(entry.key()))
                differences.push_back(fmt::format("{}{}: (not set) -> {}", prefix, std::string(entry.key()),
                                                  boost::json::serialize(entry.value())));
    };
    compare_objects("settings", "");
    compare_objects("grid", "grid.");
    const auto* old_seeds = before.if_contains("seeds");
    const auto* new_seeds = now.if_contains("seeds");
    if (!old_seeds || !new_seeds || *old_seeds != *new_seeds)
        differences.push_back(fmt::format("seeds: {} -> {}", old_seeds ? boost::json::serialize(*old_seeds) : "(none)",
                                          new_seeds ? boost::json::serialize(*new_seeds) : "(none)"));
    return differences;
}

TrialSummary trial_summary_from_json(const boost::json::object& trial) {
    TrialSummary summary;
    if (const auto* status = trial.if_contains("status"); status && status->is_string())
        summary.status = std::string(status->get_string());
    if (const auto* metrics = trial.if_contains("metrics"); metrics && metrics->is_object())
        for (const auto& part : metrics->get_object())
            if (part.value().is_object())
                for (const auto& metric : part.value().get_object())
                    if (metric.value().is_number())
                        summary.metrics.emplace_back(std::string(part.key()) + "." + std::string(metric.key()),
                                                     metric.value().to_number<double>());
    if (const auto* timing = trial.if_contains("timing"); timing && timing->is_object())
        if (const auto* seconds = timing->get_object().if_contains("seconds"); seconds && seconds->is_number())
            summary.seconds = seconds->to_number<double>();
    return summary;
}

boost::json::object summarize_folder(const std::filesystem::path& folder, std::size_t& found) {
    const auto manifest_value = read_json_file(folder / "experiment.json");
    if (!manifest_value || !manifest_value->is_object())
        throw Error(ErrorKind::input, {(folder / "experiment.json").string(), 0, 0},
                    "missing or unreadable; this is not a Backprop Lab results folder");
    const boost::json::object& manifest = manifest_value->get_object();
    const auto* format = manifest.if_contains("format");
    if (!format || *format != "bplab.run/1")
        throw Error(ErrorKind::input, {(folder / "experiment.json").string(), 0, 0},
                    "has an unknown format; it was written by another version of Backprop Lab (expected bplab.run/1)");

    SummaryInput input;
    input.experiment = std::string(manifest.at("experiment").as_string());
    input.description = std::string(manifest.at("description").as_string());
    input.primary_metric = std::string(manifest.at("primary_metric").as_string());
    for (const auto& key : manifest.at("grid_keys").as_array())
        input.grid_keys.emplace_back(key.as_string());
    for (const auto& entry : manifest.at("points").as_array()) {
        PointResults point;
        point.point = entry.at("point").as_object();
        point.label = std::string(entry.at("label").as_string());
        input.points.push_back(std::move(point));
    }
    found = 0;
    for (const auto& entry : manifest.at("trials").as_array()) {
        const auto index = static_cast<std::size_t>(entry.as_array()[0].to_number<long long>());
        const std::string id(entry.as_array()[1].as_string());
        if (index >= input.points.size())
            continue;
        PointResults& point = input.points[index];
        ++point.expected;
        ++input.expected_trials;
        const auto trial = read_json_file(folder / "trials" / (id + ".json"));
        if (!trial || !trial->is_object())
            continue;
        const TrialSummary summary = trial_summary_from_json(trial->get_object());
        if (summary.status.empty())
            continue;
        ++found;
        ++point.statuses[summary.status];
        if (summary.status == "ok")
            for (const auto& [name, value] : summary.metrics)
                point.metrics[name].push_back(value);
    }
    return build_summary(input);
}

}  // namespace bplab::experiment
