#include "experiment/experiment.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "experiment/schema.hpp"

namespace bplab::experiment {

namespace {

const char* const slot_keys[] = {"dataset", "model.activation", "optimizer"};

bool is_slot(const std::string& key) {
    return std::find(std::begin(slot_keys), std::end(slot_keys), key) != std::end(slot_keys);
}

// Returns the slot that a dotted key belongs to ("optimizer.sgd.momentum" -> "optimizer"), or "".
std::string slot_of(const std::string& key) {
    for (const char* slot : slot_keys) {
        const std::string prefix = std::string(slot) + ".";
        if (key == slot || key.compare(0, prefix.size(), prefix) == 0)
            return slot;
    }
    return "";
}

[[noreturn]] void fail(const Location& where, const std::string& message) { throw Error(ErrorKind::input, where, message); }

// Returns the names a user may write inside `section` (its settings and subsections), for
// suggestions.
std::vector<std::string> known_children(const std::string& section) {
    std::set<std::string> names;
    const std::string prefix = section.empty() ? "" : section + ".";
    for (const Setting& setting : settings()) {
        if (setting.key.compare(0, prefix.size(), prefix) != 0)
            continue;
        const std::string rest = setting.key.substr(prefix.size());
        names.insert(rest.substr(0, rest.find('.')));
    }
    if (section.empty()) {
        names.insert("grid");
    }
    return {names.begin(), names.end()};
}

[[noreturn]] void unknown_key(const Node& key, const std::string& section) {
    const std::vector<std::string> known = known_children(section);
    const std::string suggestion = nearest(key.text, known);
    std::string message = fmt::format("unknown key '{}'", section.empty() ? key.text : section + "." + key.text);
    message += suggestion.empty() ? std::string(".") : fmt::format("; did you mean '{}'?", suggestion);
    message += fmt::format(" The keys {} are: {}", section.empty() ? "at the top level" : "in " + section,
                           fmt::join(known, ", "));
    fail(key.where, message);
}

void flatten_slot(const std::string& slot, const Node& value, FlatConfig& flat) {
    if (value.is_scalar()) {
        flat[slot + ".name"] = value;
        return;
    }
    if (!value.is_map())
        fail(value.where, slot + ": expected a plugin name or a mapping with 'name' and the plugin's options, got " +
                              value.describe());
    for (const auto& [key, entry] : value.entries) {
        const std::string full = slot + "." + key.text;
        if (key.text == "name" || find_setting(full)) {
            flat[full] = entry;
        } else if (entry.is_map()) {
            // Options scoped to one plugin: slot.<plugin>.<option>.
            for (const auto& [option, option_value] : entry.entries) {
                Node located = option_value;
                flat[full + "." + option.text] = located;
            }
            flat[full + ".*"] = key;  // remembers where the scope was written
        } else {
            flat[full] = entry;
        }
    }
}

void flatten(const Node& map, const std::string& section, FlatConfig& flat) {
    for (const auto& [key, value] : map.entries) {
        const std::string full = section.empty() ? key.text : section + "." + key.text;
        if (is_section(full)) {
            if (value.type == Node::Type::null)
                continue;
            if (!value.is_map())
                fail(value.where, full + ": expected a mapping of settings, got " + value.describe());
            flatten(value, full, flat);
        } else if (const Setting* setting = find_setting(full)) {
            if (setting->kind == ValueKind::plugin)
                flatten_slot(full, value, flat);
            else
                flat[full] = value;
        } else {
            unknown_key(key, section);
        }
    }
}

// Builds {a: {b: value}} from the key a.b, so that an override goes through the same flattening.
Node nest(const std::string& dotted, const Node& value, const Location& where) {
    const auto dot = dotted.find('.');
    Node key{Node::Type::scalar, dotted.substr(0, dot), false, {}, {}, where};
    Node inner = dot == std::string::npos ? value : nest(dotted.substr(dot + 1), value, where);
    Node map{Node::Type::map, "", false, {}, {}, where};
    map.entries.push_back({std::move(key), std::move(inner)});
    return map;
}

std::string canonical_grid_key(const std::string& key) {
    for (const char* slot : slot_keys)
        if (key == std::string(slot) + ".name")
            return slot;
    return key;
}

void check_grid_key(const Node& key_node) {
    const std::string key = canonical_grid_key(key_node.text);
    if (is_slot(key))
        return;
    if (const Setting* setting = find_setting(key)) {
        if (key == "name" || key == "description" || key == "seeds" || key == "primary_metric")
            fail(key_node.where, "grid key '" + key + "' cannot vary within one experiment" +
                                     (key == "seeds" ? "; list the seeds under seeds: instead" : ""));
        (void)setting;
        return;
    }
    if (!slot_of(key).empty())
        return;  // a plugin option; checked against the plugin when points are resolved
    std::vector<std::string> known;
    for (const Setting& setting : settings())
        if (setting.key != "name" && setting.key != "description" && setting.key != "seeds" && setting.key != "primary_metric")
            known.push_back(setting.key);
    const std::string suggestion = nearest(key, known);
    fail(key_node.where, "grid key '" + key + "' names no setting" +
                             (suggestion.empty() ? std::string() : "; did you mean '" + suggestion + "'?") +
                             " Grid keys are dotted settings such as model.hidden or optimizer.lr, or plugin options "
                             "such as optimizer.momentum");
}

GridAxis read_grid_axis(const Node& key, const Node& values) {
    check_grid_key(key);
    if (!values.is_sequence())
        fail(values.where, "grid." + key.text + ": expected a list of values, got " + values.describe());
    if (values.items.empty())
        fail(values.where, "grid." + key.text + ": the list of values is empty; give at least one value");
    return GridAxis{key.text, key, values.items};
}

std::vector<std::int64_t> read_seeds(const Node& node) {
    if (!node.is_sequence())
        fail(node.where, "seeds: expected a list of integers such as [1, 2, 3], got " + node.describe());
    if (node.items.empty())
        fail(node.where, "seeds: the list is empty; give at least one seed");
    std::vector<std::int64_t> seeds;
    std::set<std::int64_t> seen;  // a set, so long seed lists are checked in n log n
    for (const Node& item : node.items) {
        const std::int64_t seed = read_integer(item, "seeds");
        if (seed < 0)
            fail(item.where, "seeds: " + item.text + " is negative; seeds are integers ≥ 0");
        if (!seen.insert(seed).second)
            fail(item.where, "seeds: " + item.text + " is listed twice");
        seeds.push_back(seed);
    }
    return seeds;
}

void apply_top_level(Experiment& experiment, const Node& root) {
    for (const auto& [key, value] : root.entries) {
        if (key.text == "grid") {
            if (value.type == Node::Type::null)
                continue;
            if (!value.is_map())
                fail(value.where, "grid: expected a mapping of dotted keys to lists of values, got " + value.describe());
            for (const auto& [axis_key, axis_values] : value.entries)
                experiment.grid.push_back(read_grid_axis(axis_key, axis_values));
        } else if (key.text == "seeds") {
            experiment.seeds = read_seeds(value);
            experiment.seeds_node = value;
        } else if (key.text == "name") {
            experiment.name = read_string(value, "name");
        } else if (key.text == "description") {
            experiment.description = read_string(value, "description");
        } else if (key.text == "primary_metric") {
            experiment.primary_metric = read_string(value, "primary_metric");
            experiment.primary_metric_node = value;
        } else {
            Node single{Node::Type::map, "", false, {}, {{key, value}}, root.where};
            flatten(single, "", experiment.base);
        }
    }
}

void apply_override(Experiment& experiment, const std::string& text) {
    const Location where{"command line '" + text + "'", 0, 0};
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0)
        fail(where, "expected an override of the form key=value, such as training.epochs=50");
    const std::string key = text.substr(0, equals);
    Node value = parse_yaml(text.substr(equals + 1), where.file);
    auto relocate = [&](auto& self, Node& node) -> void {
        node.where = where;
        for (auto& item : node.items)
            self(self, item);
        for (auto& [entry_key, entry_value] : node.entries) {
            entry_key.where = where;
            self(self, entry_value);
        }
    };
    relocate(relocate, value);
    Node key_node{Node::Type::scalar, key, false, {}, {}, where};

    if (key == "seeds") {
        experiment.seeds = read_seeds(value);
        experiment.seeds_node = value;
    } else if (key == "name") {
        experiment.name = read_string(value, "name");
    } else if (key == "primary_metric") {
        experiment.primary_metric = read_string(value, "primary_metric");
        experiment.primary_metric_node = value;
    } else if (key.compare(0, 5, "grid.") == 0) {
        Node axis_key{Node::Type::scalar, key.substr(5), false, {}, {}, where};
        GridAxis axis = read_grid_axis(axis_key, value);
        auto existing = std::find_if(experiment.grid.begin(), experiment.grid.end(), [&](const GridAxis& a) {
            return canonical_grid_key(a.key) == canonical_grid_key(axis.key);
        });
        if (existing != experiment.grid.end())
            *existing = std::move(axis);
        else
            experiment.grid.push_back(std::move(axis));
    } else {
        // A fixed value replaces a grid axis of the same key.
        std::erase_if(experiment.grid, [&](const GridAxis& axis) {
            return canonical_grid_key(axis.key) == canonical_grid_key(key);
        });
        Node root = nest(key, value, where);
        flatten(root, "", experiment.base);
    }
}

}  // namespace

Experiment load_experiment(const std::string& path, const std::vector<std::string>& overrides) {
    return load_experiment_tree(load_yaml_file(path), path, overrides);
}

Experiment load_experiment_text(std::string_view text, const std::string& path, const std::vector<std::string>& overrides) {
    return load_experiment_tree(parse_yaml(text, path), path, overrides);
}

Experiment load_experiment_tree(const Node& root, const std::string& path, const std::vector<std::string>& overrides) {
    Experiment experiment;
    experiment.file = path;
    experiment.seeds = {1};
    if (root.type == Node::Type::null)
        fail({path, 0, 0}, "the experiment file is empty; it needs at least a dataset");
    if (!root.is_map())
        fail(root.where, "expected a mapping of settings at the top level, got " + root.describe());
    apply_top_level(experiment, root);
    for (const std::string& override_text : overrides)
        apply_override(experiment, override_text);
    if (experiment.name.empty())
        experiment.name = std::filesystem::path(path).stem().string();
    static const std::string allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
    if (experiment.name.empty() || experiment.name.find_first_not_of(allowed) != std::string::npos ||
        experiment.name.front() == '.')
        fail({path, 0, 0}, "name: '" + experiment.name +
                               "' cannot name a results folder; use letters, digits, '_', '-' and '.'");
    return experiment;
}

std::size_t count_points(const Experiment& experiment) {
    std::size_t count = 1;
    for (const GridAxis& axis : experiment.grid) {
        // Saturates instead of wrapping around, so that a huge grid is reported as too large.
        if (axis.values.size() > 0 && count > max_grid_points / axis.values.size())
            return max_grid_points + 1;
        count *= axis.values.size();
    }
    return count;
}

namespace {

// Reads one setting from the flat config, or its default.
class Reader {
public:
    Reader(const FlatConfig& flat, const std::string& file, PointConfig& point) : flat_(flat), file_(file), point_(point) {}

    const Node& node(const std::string& key) {
        auto found = flat_.find(key);
        if (found != flat_.end()) {
            point_.where[key] = found->second.where;
            return found->second;
        }
        auto [cached, inserted] = defaults_.try_emplace(key);
        if (inserted) {
            // A plugin slot's name ("optimizer.name") takes the slot's default ("optimizer").
            const Setting* setting = find_setting(key);
            if (!setting && key.ends_with(".name"))
                setting = find_setting(key.substr(0, key.size() - 5));
            cached->second = parse_yaml(setting->default_value, "default of " + key);
            cached->second.where = {file_, 0, 0};
        }
        point_.where[key] = {file_, 0, 0};
        return cached->second;
    }

    bool has(const std::string& key) const { return flat_.count(key) != 0; }

    std::int64_t integer(const std::string& key) {
        const Node& value = node(key);
        const std::int64_t result = read_integer(value, key);
        check_range(static_cast<double>(result), *find_setting(key), value, key);
        return result;
    }

    double real(const std::string& key) {
        const Node& value = node(key);
        const double result = read_real(value, key);
        check_range(result, *find_setting(key), value, key);
        return result;
    }

    bool boolean(const std::string& key) { return read_boolean(node(key), key); }

    std::string string(const std::string& key) { return read_string(node(key), key); }

    std::string choice(const std::string& key) {
        const Node& value = node(key);
        std::string result = read_string(value, key);
        const Setting& setting = *find_setting(key);
        if (std::find(setting.choices.begin(), setting.choices.end(), result) == setting.choices.end()) {
            const std::string suggestion = nearest(result, setting.choices);
            fail(value.where, fmt::format("{}: '{}' is not one of: {}{}", key, result, fmt::join(setting.choices, ", "),
                                          suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"));
        }
        return result;
    }

    std::vector<int> integer_list(const std::string& key) {
        const Node& value = node(key);
        if (!value.is_sequence())
            fail(value.where, key + ": expected a list of integers such as [16, 16], got " + value.describe());
        if (value.items.empty())
            fail(value.where, key + ": the list is empty; give at least one layer size, such as [16]");
        std::vector<int> result;
        for (const Node& item : value.items) {
            const std::int64_t size = read_integer(item, key);
            if (size < 1)
                fail(item.where, key + ": a layer of " + item.text + " neurons; every layer needs at least 1");
            check_range(static_cast<double>(size), *find_setting(key), item, key);
            result.push_back(static_cast<int>(size));
        }
        return result;
    }

    const FlatConfig& flat() const { return flat_; }

private:
    const FlatConfig& flat_;
    const std::string& file_;
    PointConfig& point_;
    std::map<std::string, Node> defaults_;
};

PluginChoice resolve_plugin(Reader& reader, const std::string& slot, PluginKind kind, const plugins::Registry& registry) {
    const Node& name_node = reader.node(slot + ".name");
    PluginChoice choice;
    if (name_node.type == Node::Type::null || (name_node.is_scalar() && name_node.text.empty() && !name_node.quoted))
        fail(name_node.where, slot + ": a " + std::string(to_string(kind)) + " plugin is required; the " + to_string(kind) +
                                  " plugins are: " + fmt::format("{}", fmt::join(registry.names(kind), ", ")));
    choice.name = read_string(name_node, slot);
    choice.plugin = registry.find(kind, choice.name);
    if (!choice.plugin) {
        const std::vector<std::string> known = registry.names(kind);
        const std::string suggestion = nearest(choice.name, known);
        std::string message = fmt::format("{}: no {} plugin named '{}'", slot, to_string(kind), choice.name);
        message += suggestion.empty() ? std::string(".") : "; did you mean '" + suggestion + "'?";
        message += fmt::format(" The {} plugins are: {}", to_string(kind), fmt::join(known, ", "));
        for (const auto& problem : registry.problems())
            message += fmt::format(". Not loaded: {} ({})", problem.file.string(), problem.reason);
        fail(name_node.where, message);
    }

    const Manifest& manifest = choice.plugin->manifest;
    const std::string plugin_label = fmt::format("{} '{}'", to_string(kind), choice.name);
    auto option_names = [](const Manifest& m) {
        std::vector<std::string> names;
        for (const auto& spec : m.options)
            names.push_back(spec.name);
        return names;
    };

    // Every option key written in this slot must be declared by the plugin it applies to.
    const std::string prefix = slot + ".";
    for (auto it = reader.flat().lower_bound(prefix); it != reader.flat().end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        const std::string rest = it->first.substr(prefix.size());
        if (rest == "name" || find_setting(it->first))
            continue;
        const auto dot = rest.find('.');
        if (dot == std::string::npos) {
            const bool declared = std::any_of(manifest.options.begin(), manifest.options.end(),
                                              [&](const OptionSpec& spec) { return spec.name == rest; });
            if (!declared) {
                const auto names = option_names(manifest);
                std::string message = fmt::format("{}: {} has no option '{}'", it->first, plugin_label, rest);
                const std::string suggestion = nearest(rest, names);
                message += suggestion.empty() ? "." : "; did you mean '" + suggestion + "'?";
                message += names.empty() ? std::string(" It has no options.")
                                         : fmt::format(" Its options are: {}.", fmt::join(names, ", "));
                message += fmt::format(" To set an option for one plugin only, write it under {}.<plugin>.{}", slot, rest);
                fail(it->second.where, message);
            }
            continue;
        }
        const std::string scope = rest.substr(0, dot);
        const std::string option = rest.substr(dot + 1);
        const plugins::Plugin* scoped = registry.find(kind, scope);
        if (!scoped)
            fail(it->second.where, fmt::format("{}: no {} plugin named '{}' to scope options to; the {} plugins are: {}",
                                               slot + "." + scope, to_string(kind), scope, to_string(kind),
                                               fmt::join(registry.names(kind), ", ")));
        if (option == "*")
            continue;
        const bool declared = std::any_of(scoped->manifest.options.begin(), scoped->manifest.options.end(),
                                          [&](const OptionSpec& spec) { return spec.name == option; });
        if (!declared) {
            const auto names = option_names(scoped->manifest);
            fail(it->second.where, fmt::format("{}: {} '{}' has no option '{}'; {}", it->first, to_string(kind), scope, option,
                                               names.empty() ? std::string("it has no options")
                                                             : fmt::format("its options are: {}", fmt::join(names, ", "))));
        }
    }

    for (const OptionSpec& spec : manifest.options) {
        const std::string scoped_key = slot + "." + choice.name + "." + spec.name;
        const std::string flat_key = slot + "." + spec.name;
        auto scoped = reader.flat().find(scoped_key);
        auto flat = reader.flat().find(flat_key);
        if (scoped != reader.flat().end())
            choice.options.set(spec.name, read_option(scoped->second, spec, scoped_key, plugin_label));
        else if (flat != reader.flat().end())
            choice.options.set(spec.name, read_option(flat->second, spec, flat_key, plugin_label));
        else
            choice.options.set(spec.name, spec.default_value);
    }
    return choice;
}

// Converts a scalar as a YAML reader would, for labels and point values: integers, numbers,
// booleans, and everything else as a string.
boost::json::value node_to_json(const Node& node) {
    switch (node.type) {
    case Node::Type::null: return nullptr;
    case Node::Type::scalar: {
        if (node.quoted)
            return boost::json::string(node.text);
        Node probe = node;
        try {
            return read_integer(probe, "");
        } catch (const Error&) {
        }
        try {
            return read_real(probe, "");
        } catch (const Error&) {
        }
        if (node.text == "true" || node.text == "false")
            return node.text == "true";
        return boost::json::string(node.text);
    }
    case Node::Type::sequence: {
        boost::json::array array;
        for (const Node& item : node.items)
            array.push_back(node_to_json(item));
        return array;
    }
    case Node::Type::map: {
        boost::json::object object;
        for (const auto& [key, value] : node.entries)
            object[key.text] = node_to_json(value);
        return object;
    }
    }
    return nullptr;
}

boost::json::value option_json(const OptionValue& value) {
    return std::visit([](const auto& v) -> boost::json::value {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>)
            return boost::json::string(v);
        else
            return boost::json::value(v);
    }, value);
}

boost::json::object plugin_json(const PluginChoice& choice) {
    boost::json::object options;
    for (const auto& [name, value] : choice.options.values())
        options[name] = option_json(value);
    return {{"name", choice.name}, {"options", options}};
}

PointConfig resolve_point(const FlatConfig& flat, const std::string& file, const plugins::Registry& registry) {
    PointConfig point;
    Reader reader(flat, file, point);

    point.dataset = resolve_plugin(reader, "dataset", PluginKind::dataset, registry);

    point.split.kind = reader.choice("split.kind");
    point.split.test = reader.real("split.test");
    point.split.k = static_cast<int>(reader.integer("split.k"));
    point.split.repeats = static_cast<int>(reader.integer("split.repeats"));
    point.split.stratify = reader.boolean("split.stratify");

    point.model.hidden = reader.integer_list("model.hidden");
    point.model.activation = resolve_plugin(reader, "model.activation", PluginKind::activation, registry);
    point.model.output = reader.string("model.output");
    if (point.model.output != "auto" && point.model.output != "sigmoid" && point.model.output != "softmax" &&
        point.model.output != "identity") {
        point.output_plugin = registry.find(PluginKind::activation, point.model.output);
        if (!point.output_plugin)
            fail(reader.node("model.output").where,
                 fmt::format("model.output: '{}' is neither auto, sigmoid, softmax, identity nor an activation plugin; the "
                             "activation plugins are: {}",
                             point.model.output, fmt::join(registry.names(PluginKind::activation), ", ")));
    }
    point.model.loss = reader.choice("model.loss");
    point.model.init = reader.choice("model.init");
    point.model.bias = reader.boolean("model.bias");

    train::TrainSettings& training = point.training;
    training.epochs = static_cast<int>(reader.integer("training.epochs"));
    const Node& batch = reader.node("training.batch_size");
    if (batch.is_scalar() && !batch.quoted && batch.text == "full") {
        training.batch_size = std::numeric_limits<int>::max();
    } else {
        const std::int64_t size = read_integer(batch, "training.batch_size");
        if (size < 1)
            fail(batch.where, "training.batch_size: " + batch.text + " is out of range; expected an integer ≥ 1 or full");
        training.batch_size = static_cast<int>(std::min<std::int64_t>(size, std::numeric_limits<int>::max()));
    }
    point.validation = reader.real("training.validation");
    training.weight_decay = reader.real("training.weight_decay");
    training.early_stopping.patience = static_cast<int>(reader.integer("training.early_stopping.patience"));
    training.early_stopping.min_delta = reader.real("training.early_stopping.min_delta");
    training.early_stopping.restore_best = reader.boolean("training.early_stopping.restore_best");
    if (training.early_stopping.patience > 0 && point.validation == 0)
        fail(reader.node("training.early_stopping.patience").where,
             "training.early_stopping.patience: early stopping needs a validation part; set training.validation, "
             "for example to 0.1");
    train::ScheduleSpec& schedule = training.schedule;
    schedule.kind = reader.choice("training.schedule.kind");
    schedule.step_size = static_cast<int>(reader.integer("training.schedule.step_size"));
    schedule.gamma = reader.real("training.schedule.gamma");
    schedule.min_lr = reader.real("training.schedule.min_lr");
    schedule.factor = reader.real("training.schedule.factor");
    schedule.patience = static_cast<int>(reader.integer("training.schedule.patience"));
    schedule.threshold = reader.real("training.schedule.threshold");

    point.optimizer = resolve_plugin(reader, "optimizer", PluginKind::optimizer, registry);
    training.lr = reader.real("optimizer.lr");
    return point;
}

void apply_grid_value(FlatConfig& flat, const GridAxis& axis, const Node& value) {
    const std::string key = canonical_grid_key(axis.key);
    if (is_slot(key)) {
        if (value.is_map()) {
            // A whole plugin choice: forget options set beside the base name, which belong to
            // the base plugin, then take the name and options given here.
            const std::string prefix = key + ".";
            for (auto it = flat.lower_bound(prefix); it != flat.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
                const std::string rest = it->first.substr(prefix.size());
                if (rest.find('.') == std::string::npos && !find_setting(it->first))
                    it = flat.erase(it);
                else
                    ++it;
            }
        }
        flatten_slot(key, value, flat);
        return;
    }
    flat[key] = value;
}

}  // namespace

std::vector<PointConfig> resolve_points(const Experiment& experiment, const plugins::Registry& registry) {
    std::vector<PointConfig> points;
    const std::size_t count = count_points(experiment);
    if (count > max_grid_points) {
        const Location where = experiment.grid.empty() ? Location{experiment.file, 0, 0} : experiment.grid.front().key_node.where;
        fail(where, fmt::format("grid: the grid has more than {} points (the product of the lengths of its lists); "
                                "split it into several experiments",
                                max_grid_points));
    }
    points.reserve(count);
    std::vector<std::size_t> digit(experiment.grid.size(), 0);
    for (std::size_t index = 0; index < count; ++index) {
        FlatConfig flat = experiment.base;
        std::vector<std::pair<std::string, Node>> values;
        for (std::size_t a = 0; a < experiment.grid.size(); ++a) {
            const GridAxis& axis = experiment.grid[a];
            const Node& value = axis.values[digit[a]];
            apply_grid_value(flat, axis, value);
            values.emplace_back(axis.key, value);
        }
        PointConfig point = resolve_point(flat, experiment.file, registry);
        point.index = index;
        point.point = std::move(values);
        points.push_back(std::move(point));

        // Advance the odometer, the last axis fastest.
        for (std::size_t a = experiment.grid.size(); a-- > 0;) {
            if (++digit[a] < experiment.grid[a].values.size())
                break;
            digit[a] = 0;
        }
    }
    return points;
}

boost::json::object PointConfig::config_json() const {
    boost::json::object split_json{{"kind", split.kind}, {"stratify", split.stratify}};
    if (split.kind == "holdout")
        split_json["test"] = split.test;
    else
        split_json["k"] = split.k;
    if (split.kind == "repeated_kfold")
        split_json["repeats"] = split.repeats;

    boost::json::array hidden;
    for (int size : model.hidden)
        hidden.push_back(size);
    boost::json::object model_json{{"hidden", hidden},      {"activation", plugin_json(model.activation)},
                                   {"output", model.output}, {"loss", model.loss},
                                   {"init", model.init},     {"bias", model.bias}};

    boost::json::object schedule_json{{"kind", training.schedule.kind}};
    const auto& s = training.schedule;
    if (s.kind == "step") {
        schedule_json["step_size"] = s.step_size;
        schedule_json["gamma"] = s.gamma;
    } else if (s.kind == "exponential") {
        schedule_json["gamma"] = s.gamma;
    } else if (s.kind == "cosine") {
        schedule_json["min_lr"] = s.min_lr;
    } else if (s.kind == "reduce_on_plateau") {
        schedule_json["factor"] = s.factor;
        schedule_json["patience"] = s.patience;
        schedule_json["threshold"] = s.threshold;
        schedule_json["min_lr"] = s.min_lr;
    }
    boost::json::object training_json{
        {"epochs", training.epochs},
        {"batch_size", training.batch_size == std::numeric_limits<int>::max() ? boost::json::value("full")
                                                                              : boost::json::value(training.batch_size)},
        {"validation", validation},
        {"weight_decay", training.weight_decay},
        {"early_stopping",
         {{"patience", training.early_stopping.patience},
          {"min_delta", training.early_stopping.min_delta},
          {"restore_best", training.early_stopping.restore_best}}},
        {"schedule", schedule_json}};

    boost::json::object optimizer_json = plugin_json(optimizer);
    optimizer_json["lr"] = training.lr;

    return {{"dataset", plugin_json(dataset)},
            {"split", split_json},
            {"model", model_json},
            {"training", training_json},
            {"optimizer", optimizer_json}};
}

boost::json::object PointConfig::point_json() const {
    boost::json::object object;
    for (const auto& [key, value] : point)
        object[key] = node_to_json(value);
    return object;
}

std::string PointConfig::label() const {
    std::string text;
    for (const auto& [key, value] : point)
        text += (text.empty() ? "" : " ") + key + "=" + value.to_flow();
    return text.empty() ? "(base)" : text;
}

std::string PointConfig::dataset_key() const { return boost::json::serialize(plugin_json(dataset)); }

}  // namespace bplab::experiment
