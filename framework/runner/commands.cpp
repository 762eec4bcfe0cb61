#include <boost/program_options.hpp>

#include "subcommand.hpp"

#include <algorithm>
#include <cmath>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "experiment/results.hpp"
#include "experiment/run_manifest.hpp"
#include "experiment/schema.hpp"
#include "plugin_loading.hpp"

namespace bplab::runner {

namespace {

std::string option_default(const OptionValue& value) {
    return std::visit([](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>)
            return v.empty() ? "\"\"" : v;
        else if constexpr (std::is_same_v<T, bool>)
            return v ? "true" : "false";
        else
            return fmt::format("{}", v);
    }, value);
}

int describe(const plugins::Registry& registry, const std::string& name) {
    std::vector<const plugins::Plugin*> matches;
    for (const auto& plugin : registry.plugins())
        if (plugin.manifest.name == name)
            matches.push_back(&plugin);
    if (matches.empty()) {
        std::vector<std::string> names;
        for (const auto& plugin : registry.plugins())
            names.push_back(plugin.manifest.name);
        const std::string suggestion = experiment::nearest(name, names);
        throw Error(ErrorKind::input, {}, "no plugin named '" + name + "'" +
                                              (suggestion.empty() ? std::string() : "; did you mean '" + suggestion + "'?") +
                                              " Run 'runner plugins' to list them");
    }
    for (const plugins::Plugin* plugin : matches) {
        const Manifest& m = plugin->manifest;
        fmt::print("{} {} {}\n  {}\n  file: {}\n", to_string(m.kind), m.name, m.version, m.summary, plugin->file.string());
        if (m.kind == PluginKind::activation)
            fmt::print("  weight initialisation: {}\n", m.init == InitHint::he ? "He" : "Xavier/Glorot");
        if (m.options.empty()) {
            fmt::print("  options: none\n");
            continue;
        }
        fmt::print("  options:\n");
        for (const OptionSpec& option : m.options) {
            std::string accepted;
            if (!option.choices.empty())
                accepted = fmt::format("one of {}", fmt::join(option.choices, ", "));
            else if (option.type == OptionType::integer || option.type == OptionType::real)
                accepted = experiment::describe_range(option.type, option.min, option.max, option.min_exclusive, option.max_exclusive);
            else
                accepted = option.type == OptionType::boolean ? "true or false" : "a string";
            fmt::print("    {:<20} {}, default {}; {}\n", option.name, accepted, option_default(option.default_value), option.help);
        }
    }
    return 0;
}

int plugins_command(const SubcommandContext& context) {
    namespace po = boost::program_options;
    std::vector<std::string> plugin_dirs, arguments;
    po::options_description options("Options");
    options.add_options()("plugins", po::value<std::vector<std::string>>(&plugin_dirs)->composing(),
                          "a plugin folder or library to load before the built-in ones (repeatable)");
    po::options_description all;
    all.add(options).add_options()("positional", po::value<std::vector<std::string>>(&arguments));
    po::positional_options_description positions;
    positions.add("positional", -1);
    po::variables_map values;
    po::store(po::command_line_parser(context.arguments).options(all).positional(positions).run(), values);
    po::notify(values);

    plugins::Registry registry = load_registry(plugin_dirs, context.executable, false);
    if (!arguments.empty()) {
        if (arguments[0] != "describe" || arguments.size() != 2)
            throw Error(ErrorKind::input, {}, "usage: runner plugins [describe NAME]");
        return describe(registry, arguments[1]);
    }
    std::vector<const plugins::Plugin*> sorted;
    for (const auto& plugin : registry.plugins())
        sorted.push_back(&plugin);
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
        if (a->manifest.kind != b->manifest.kind)
            return a->manifest.kind < b->manifest.kind;
        return a->manifest.name < b->manifest.name;
    });
    fmt::print("{:<11} {:<12} {:<8} {}\n", "kind", "name", "version", "file");
    for (const auto* plugin : sorted)
        fmt::print("{:<11} {:<12} {:<8} {}\n", to_string(plugin->manifest.kind), plugin->manifest.name, plugin->manifest.version,
                   plugin->file.string());
    return 0;
}

int summarize_command(const SubcommandContext& context) {
    const std::vector<std::string>& arguments = context.arguments;
    const bool quiet = false;
    if (arguments.size() != 1)
        throw Error(ErrorKind::input, {}, "usage: runner summarize DIR");
    const std::filesystem::path folder(arguments[0]);
    std::size_t found = 0;
    const boost::json::object summary = experiment::summarize_folder(folder, found);
    experiment::write_json_atomic(folder / "summary.json", summary, true);
    const auto& trials = summary.at("trials").as_object();
    const auto expected = trials.at("expected").to_number<long long>();
    const auto missing = trials.at("missing").to_number<long long>();
    if (!quiet) {
        fmt::print("{} of {} trials have results ({} ok, {} diverged, {} failed, {} timed out); {} still missing\n", found,
                   expected, trials.at("ok").to_number<long long>(), trials.at("diverged").to_number<long long>(),
                   trials.at("failed").to_number<long long>(), trials.at("timeout").to_number<long long>(), missing);
        fmt::print("\n{}\n", experiment::ranked_table(summary, 10));
        fmt::print("summary: {}\n", (folder / "summary.json").string());
    }
    return 0;
}

const Registration plugins_registration{
    "plugins", {"runner plugins [describe NAME] [--plugins DIR]", "list the plugins found, or describe one and its options",
                plugins_command}};
const Registration summarize_registration{
    "summarize", {"runner summarize DIR", "rebuild summary.json from the trial files in DIR (after sharded runs)",
                  summarize_command}};

}  // namespace

}  // namespace bplab::runner
