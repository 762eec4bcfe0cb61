// Every key an experiment file may set, with its type, default, range and help, and the strict
// readers for scalars. One table serves validation, the "did you mean" suggestions and the
// reference documentation.
//
// Scalars are read the same way under YAML 1.1 and 1.2 or rejected: booleans are true or false
// (yes, no, on, off and y are rejected), integers have no leading zero (010 is octal in
// YAML 1.1 and ten in 1.2), numbers are finite (.inf and .nan are rejected) and 1e-3 is a
// number. A value in quotes is always a string.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "bplab/manifest.hpp"
#include "experiment/yaml_tree.hpp"

namespace bplab::experiment {

enum class ValueKind { integer, real, boolean, string, choice, integer_list, batch_size, plugin };

struct Setting {
    std::string key;  // dotted, for example training.epochs
    ValueKind kind;
    std::string default_value;  // as YAML text; empty for none
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool min_exclusive = false;
    bool max_exclusive = false;
    std::vector<std::string> choices;
    std::string help;
    PluginKind plugin_kind = PluginKind::activation;  // for ValueKind::plugin
};

// Returns every setting, in the order the reference lists them.
const std::vector<Setting>& settings();

// Returns the setting with this dotted key, or nullptr.
const Setting* find_setting(const std::string& key);

// Returns true for the mappings that group settings: split, model, training, ...
bool is_section(const std::string& key);

// Returns the closest of `candidates` to `word` when it is close enough to be a likely typo,
// or an empty string.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

// Strict scalar readers; `key` names the value in messages.
std::int64_t read_integer(const Node& node, const std::string& key);
double read_real(const Node& node, const std::string& key);
bool read_boolean(const Node& node, const std::string& key);
std::string read_string(const Node& node, const std::string& key);

// Throws unless min ≤ value ≤ max (with the setting's open ends), saying what is expected.
void check_range(double value, const Setting& setting, const Node& node, const std::string& key);

// Reads a plugin option against its manifest entry: type, range and choices.
OptionValue read_option(const Node& node, const OptionSpec& spec, const std::string& key, const std::string& plugin);

// Describes an accepted range, for example "an integer ≥ 1" or "a number in (0, 1)".
std::string describe_range(OptionType type, double min, double max, bool min_exclusive, bool max_exclusive);

}  // namespace bplab::experiment
