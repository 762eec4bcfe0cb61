// From an experiment file to validated trial configurations.
//
// The file is flattened into dotted keys (training.epochs, optimizer.lr, ...) with the place
// each value was written. A plugin slot (dataset, model.activation, optimizer) holds the
// plugin's name and its options: options beside the name apply to whichever plugin is chosen
// and must be declared by it; options under a key named after a plugin (optimizer.sgd.momentum)
// apply only when that plugin is chosen, which is how a grid over plugins sets options for some
// of them. Every grid point is resolved and checked before any trial runs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "bplab/manifest.hpp"
#include "experiment/yaml_tree.hpp"
#include "plugins/registry.hpp"
#include "train/trainer.hpp"

namespace bplab::experiment {

using FlatConfig = std::map<std::string, Node>;

struct GridAxis {
    std::string key;  // as written in the file
    Node key_node;
    std::vector<Node> values;
};

struct Experiment {
    std::string name;
    std::string description;
    std::string file;
    FlatConfig base;
    std::vector<GridAxis> grid;
    std::vector<std::int64_t> seeds;
    Node seeds_node;
    std::string primary_metric = "auto";
    Node primary_metric_node;
};

// Parses an experiment file and applies command-line overrides (key=value, the value read as
// YAML). An override of a grid key replaces that grid axis with the single value; grid.KEY=[...]
// sets an axis; seeds=[...] sets the seeds. Throws bplab::Error on any unknown key or
// malformed value.
Experiment load_experiment(const std::string& path, const std::vector<std::string>& overrides);

// Parses experiment text as load_experiment does; `path` names it in messages and gives the
// default experiment name.
Experiment load_experiment_text(std::string_view text, const std::string& path, const std::vector<std::string>& overrides);

// Builds an experiment from a parsed YAML tree; see load_experiment.
Experiment load_experiment_tree(const Node& root, const std::string& path, const std::vector<std::string>& overrides);

struct PluginChoice {
    std::string name;
    const plugins::Plugin* plugin = nullptr;
    Options options;
};

struct SplitConfig {
    std::string kind = "holdout";
    double test = 0.2;
    int k = 5;
    int repeats = 2;
    bool stratify = true;
};

struct ModelConfig {
    std::vector<int> hidden;
    PluginChoice activation;
    std::string output = "auto";
    std::string loss = "auto";
    std::string init = "auto";
    bool bias = true;
};

// A grid point with every value resolved and checked.
struct PointConfig {
    std::size_t index = 0;
    std::vector<std::pair<std::string, Node>> point;  // grid key -> value for this point
    PluginChoice dataset;
    SplitConfig split;
    ModelConfig model;
    train::TrainSettings training;
    double validation = 0;
    PluginChoice optimizer;
    const plugins::Plugin* output_plugin = nullptr;  // when model.output names an activation plugin
    std::map<std::string, Location> where;           // where each setting was written, for data checks

    // Returns every resolved value as JSON, in a fixed order (the trial file's `config`).
    boost::json::object config_json() const;
    // Returns the grid values of this point as JSON, by dotted key.
    boost::json::object point_json() const;
    // Returns a short text such as "model.activation=tanh optimizer.lr=0.01".
    std::string label() const;
    // Returns the dataset plugin and its options as text: trials with equal keys share data.
    std::string dataset_key() const;
};

// Expands the grid (the last key varies fastest) and resolves every point against the
// registry. Throws bplab::Error at the first invalid value, naming its file, line and column.
std::vector<PointConfig> resolve_points(const Experiment& experiment, const plugins::Registry& registry);

// The largest grid that resolve_points accepts. Every point is resolved and kept in memory
// before the first trial runs, so a grid far beyond this is a mistake, not an experiment.
inline constexpr std::size_t max_grid_points = 1'000'000;

// Returns the number of grid points without resolving them, or max_grid_points + 1 for any
// larger grid.
std::size_t count_points(const Experiment& experiment);

}  // namespace bplab::experiment
