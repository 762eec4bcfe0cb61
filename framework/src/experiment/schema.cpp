#include "experiment/schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>

#include <fmt/format.h>

namespace bplab::experiment {

namespace {

const double inf = std::numeric_limits<double>::infinity();

Setting make(std::string key, ValueKind kind, std::string default_value, std::string help, double min = -inf,
             double max = inf, bool min_exclusive = false, bool max_exclusive = false) {
    Setting setting;
    setting.key = std::move(key);
    setting.kind = kind;
    setting.default_value = std::move(default_value);
    setting.help = std::move(help);
    setting.min = min;
    setting.max = max;
    setting.min_exclusive = min_exclusive;
    setting.max_exclusive = max_exclusive;
    return setting;
}

Setting choice(std::string key, std::string default_value, std::vector<std::string> choices, std::string help) {
    Setting setting = make(std::move(key), ValueKind::choice, std::move(default_value), std::move(help));
    setting.choices = std::move(choices);
    return setting;
}

Setting plugin(std::string key, PluginKind kind, std::string default_value, std::string help) {
    Setting setting = make(std::move(key), ValueKind::plugin, std::move(default_value), std::move(help));
    setting.plugin_kind = kind;
    return setting;
}

std::vector<Setting> build_settings() {
    using K = ValueKind;
    return {
        make("name", K::string, "", "experiment name; names the results folder (default: the file name without .yaml)"),
        make("description", K::string, "", "free text, copied into the summary"),
        make("seeds", K::integer_list, "[1]", "one trial per seed for every grid point (and fold)", 0, 9.2e18),
        make("primary_metric", K::string, "auto",
             "metric that ranks grid points, as part.metric (test.accuracy, test.rmse, ...); auto: test accuracy "
             "for classification, test RMSE for regression"),
        plugin("dataset", PluginKind::dataset, "", "dataset plugin: its name, and its options beside the name"),
        choice("split.kind", "holdout", {"holdout", "kfold", "repeated_kfold"},
               "holdout: one test part; kfold: k folds, each one trial; repeated_kfold: k folds, repeated with new shuffles"),
        make("split.test", K::real, "0.2", "holdout: fraction of the rows in the test part", 0, 1, true, true),
        make("split.k", K::integer, "5", "kfold and repeated_kfold: number of folds", 2, 1e9),
        make("split.repeats", K::integer, "2", "repeated_kfold: number of repetitions (5x2 CV is k: 2, repeats: 5)", 1, 1e6),
        make("split.stratify", K::boolean, "true", "classification: keep the class ratios in every part"),
        make("model.hidden", K::integer_list, "[16]", "neurons per hidden layer, for example [16, 16]", 1, 1e6),
        plugin("model.activation", PluginKind::activation, "tanh", "activation plugin of the hidden layers"),
        make("model.output", K::string, "auto",
             "output layer: auto (sigmoid for binary, softmax for multiclass, identity for regression), sigmoid, "
             "softmax, identity, or an activation plugin such as tanh (with mse loss)"),
        choice("model.loss", "auto", {"auto", "binary_cross_entropy", "cross_entropy", "mse"},
               "loss: auto pairs binary cross-entropy with sigmoid, cross-entropy with softmax, mse otherwise"),
        choice("model.init", "auto", {"auto", "xavier", "he"},
               "weight initialisation of hidden layers; auto follows the activation (He for the ReLU family)"),
        make("model.bias", K::boolean, "true", "whether layers have bias terms"),
        make("training.epochs", K::integer, "100", "passes over the training part", 1, 1e9),
        make("training.batch_size", K::batch_size, "32",
             "rows per minibatch, or full for full-batch gradient descent; a batch larger than the training part is one batch",
             1, 1e12),
        make("training.validation", K::real, "0",
             "fraction of the training part held out for validation curves and early stopping (0: none)", 0, 1, false, true),
        make("training.weight_decay", K::real, "0", "L2 penalty λ: adds (λ/2) Σ w² over the weights to the loss", 0),
        make("training.early_stopping.patience", K::integer, "0",
             "stop after this many epochs without a better validation loss (0: off; needs training.validation)", 0, 1e9),
        make("training.early_stopping.min_delta", K::real, "0", "smallest drop in validation loss that counts", 0),
        make("training.early_stopping.restore_best", K::boolean, "true", "keep the weights of the best epoch"),
        choice("training.schedule.kind", "constant", {"constant", "step", "exponential", "cosine", "reduce_on_plateau"},
               "learning-rate schedule"),
        make("training.schedule.step_size", K::integer, "10", "step: epochs between reductions", 1, 1e9),
        make("training.schedule.gamma", K::real, "0.5", "step: factor per reduction; exponential: factor per epoch", 0, 1,
             true, false),
        make("training.schedule.min_lr", K::real, "0", "cosine: final rate; reduce_on_plateau: lowest rate", 0),
        make("training.schedule.factor", K::real, "0.5", "reduce_on_plateau: factor per reduction", 0, 1, true, true),
        make("training.schedule.patience", K::integer, "5", "reduce_on_plateau: epochs without improvement before a reduction",
             0, 1e9),
        make("training.schedule.threshold", K::real, "0.0001", "reduce_on_plateau: relative improvement that counts", 0),
        plugin("optimizer", PluginKind::optimizer, "adam", "optimizer plugin: its name, and its options beside the name"),
        make("optimizer.lr", K::real, "0.001", "learning rate (the schedule's starting rate)", 0, inf, true, false),
    };
}

}  // namespace

const std::vector<Setting>& settings() {
    static const std::vector<Setting> table = build_settings();
    return table;
}

const Setting* find_setting(const std::string& key) {
    for (const Setting& setting : settings())
        if (setting.key == key)
            return &setting;
    return nullptr;
}

bool is_section(const std::string& key) {
    return key == "split" || key == "model" || key == "training" || key == "training.early_stopping" ||
           key == "training.schedule";
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
    // Levenshtein distance; a candidate counts when it is within a third of the word's length.
    auto distance = [](const std::string& a, const std::string& b) {
        std::vector<std::size_t> row(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j)
            row[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t diagonal = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t above = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
                diagonal = above;
            }
        }
        return row[b.size()];
    };
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& candidate : candidates) {
        const std::size_t d = distance(word, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

namespace {

[[noreturn]] void fail(const Node& node, const std::string& key, const std::string& message) {
    throw Error(ErrorKind::input, node.where, key + ": " + message);
}

void require_plain_scalar(const Node& node, const std::string& key, const char* expected) {
    if (!node.is_scalar())
        fail(node, key, std::string("expected ") + expected + ", got " + node.describe());
    if (node.quoted)
        fail(node, key, std::string("expected ") + expected + ", got the quoted string '" + node.text +
                            "'; remove the quotes");
}

bool is_special_float(const std::string& text) {
    static const std::regex special(R"([-+]?\.?(inf|Inf|INF|infinity|nan|NaN|NAN))");
    return std::regex_match(text, special);
}

}  // namespace

std::int64_t read_integer(const Node& node, const std::string& key) {
    require_plain_scalar(node, key, "an integer");
    const std::string& text = node.text;
    static const std::regex leading_zero(R"([-+]?0[0-9_]+)");
    static const std::regex other_base(R"([-+]?0[xXoObB][0-9a-fA-F_]+)");
    if (std::regex_match(text, leading_zero))
        fail(node, key, "'" + text + "' has a leading zero, which YAML 1.1 reads as an octal number and YAML 1.2 as "
                                     "decimal; write it without the leading zero");
    if (std::regex_match(text, other_base))
        fail(node, key, "'" + text + "' is not a decimal integer; write it in decimal");
    std::int64_t value = 0;
    std::string_view digits(text);
    if (!digits.empty() && digits.front() == '+')
        digits.remove_prefix(1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error == std::errc::result_out_of_range)
        fail(node, key, "'" + text + "' is too large for an integer");
    if (error != std::errc() || end != digits.data() + digits.size() || digits.empty())
        fail(node, key, "expected an integer, got '" + text + "'");
    return value;
}

double read_real(const Node& node, const std::string& key) {
    require_plain_scalar(node, key, "a number");
    const std::string& text = node.text;
    if (is_special_float(text))
        fail(node, key, "'" + text + "' is not a finite number; expected a finite number");
    static const std::regex leading_zero(R"([-+]?0[0-9_]+)");
    if (std::regex_match(text, leading_zero))
        fail(node, key, "'" + text + "' has a leading zero, which YAML 1.1 reads as an octal number and YAML 1.2 as "
                                     "decimal; write it without the leading zero");
    static const std::regex decimal(R"([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)");
    if (!std::regex_match(text, decimal))
        fail(node, key, "expected a number, got '" + text + "'");
    std::string_view digits(text);
    if (digits.front() == '+')
        digits.remove_prefix(1);
    double value = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || !std::isfinite(value))
        fail(node, key, "'" + text + "' is out of the range of a double-precision number");
    return value;
}

bool read_boolean(const Node& node, const std::string& key) {
    require_plain_scalar(node, key, "true or false");
    const std::string& text = node.text;
    if (text == "true" || text == "True" || text == "TRUE")
        return true;
    if (text == "false" || text == "False" || text == "FALSE")
        return false;
    static const std::regex yaml11(R"(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)");
    if (std::regex_match(text, yaml11))
        fail(node, key, "'" + text + "' is a boolean in YAML 1.1 but a string in YAML 1.2; write true or false");
    fail(node, key, "expected true or false, got '" + text + "'");
}

std::string read_string(const Node& node, const std::string& key) {
    if (!node.is_scalar())
        fail(node, key, "expected a string, got " + node.describe());
    return node.text;
}

std::string describe_range(OptionType type, double min, double max, bool min_exclusive, bool max_exclusive) {
    const std::string noun = type == OptionType::integer ? "an integer" : "a number";
    const bool has_min = std::isfinite(min), has_max = std::isfinite(max);
    if (has_min && has_max)
        return fmt::format("{} in {}{}, {}{}", noun, min_exclusive ? "(" : "[", min, max, max_exclusive ? ")" : "]");
    if (has_min)
        return fmt::format("{} {} {}", noun, min_exclusive ? ">" : "≥", min);
    if (has_max)
        return fmt::format("{} {} {}", noun, max_exclusive ? "<" : "≤", max);
    return noun;
}

void check_range(double value, const Setting& setting, const Node& node, const std::string& key) {
    const bool below = setting.min_exclusive ? value <= setting.min : value < setting.min;
    const bool above = setting.max_exclusive ? value >= setting.max : value > setting.max;
    if (below || above) {
        const OptionType type = setting.kind == ValueKind::real ? OptionType::real : OptionType::integer;
        fail(node, key, fmt::format("{} is out of range; expected {}", node.text,
                                    describe_range(type, setting.min, setting.max, setting.min_exclusive, setting.max_exclusive)));
    }
}

OptionValue read_option(const Node& node, const OptionSpec& spec, const std::string& key, const std::string& plugin) {
    auto check = [&](double value) {
        const bool below = spec.min_exclusive ? value <= spec.min : value < spec.min;
        const bool above = spec.max_exclusive ? value >= spec.max : value > spec.max;
        if (below || above)
            fail(node, key, fmt::format("{} is out of range for option '{}' of {}; expected {}", node.text, spec.name, plugin,
                                        describe_range(spec.type, spec.min, spec.max, spec.min_exclusive, spec.max_exclusive)));
    };
    switch (spec.type) {
    case OptionType::integer: {
        const std::int64_t value = read_integer(node, key);
        check(static_cast<double>(value));
        return value;
    }
    case OptionType::real: {
        const double value = read_real(node, key);
        check(value);
        return value;
    }
    case OptionType::boolean:
        return read_boolean(node, key);
    case OptionType::string: {
        std::string value = read_string(node, key);
        if (!spec.choices.empty() && std::find(spec.choices.begin(), spec.choices.end(), value) == spec.choices.end())
            fail(node, key, fmt::format("'{}' is not accepted by option '{}' of {}; expected one of: {}", value, spec.name,
                                        plugin, fmt::join(spec.choices, ", ")));
        return value;
    }
    }
    return 0.0;
}

}  // namespace bplab::experiment
