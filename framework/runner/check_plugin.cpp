// runner check-plugin FILE [NAME=VALUE ...]: loads one plugin library the way the runner does
// and checks what a plugin author can get wrong before any grid runs:
//   every kind   ABI version, manifest fields, option defaults of their declared type and range
//   activation   derivative against central differences, finite values for large inputs, speed
//   optimizer    that it lowers a quadratic, honours lr = 0, and that reset() clears its state
//   dataset      shape of the table, no NaN or infinity, class indices in range
// Exit code 0 when every check passes, 1 when one fails, 2 when the library cannot be loaded or
// an option on the command line is invalid.
#include "subcommand.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "experiment/schema.hpp"
#include "experiment/yaml_tree.hpp"
#include "plugins/registry.hpp"

namespace bplab::runner {

namespace {

// Collects the outcome of each check and prints one line per check as it goes.
class Report {
public:
    void pass(const std::string& text) {
        fmt::print("  ok    {}\n", text);
        ++passed_;
    }
    void fail(const std::string& text) {
        fmt::print("  FAIL  {}\n", text);
        ++failed_;
    }
    void info(const std::string& text) { fmt::print("  info  {}\n", text); }

    int passed() const { return passed_; }
    int failed() const { return failed_; }

private:
    int passed_ = 0;
    int failed_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Manifest

bool holds_declared_type(const OptionSpec& spec) {
    switch (spec.type) {
    case OptionType::integer: return std::holds_alternative<std::int64_t>(spec.default_value);
    case OptionType::real: return std::holds_alternative<double>(spec.default_value);
    case OptionType::boolean: return std::holds_alternative<bool>(spec.default_value);
    case OptionType::string: return std::holds_alternative<std::string>(spec.default_value);
    }
    return false;
}

// Returns what is wrong with one option declaration, or an empty string.
std::string option_problem(const OptionSpec& spec) {
    if (spec.name.empty())
        return "an option has an empty name";
    if (!holds_declared_type(spec)) {
        // The variant's alternatives are in OptionType order: integer, real, boolean, string.
        static_assert(std::is_same_v<std::variant_alternative_t<1, OptionValue>, double> &&
                      std::is_same_v<std::variant_alternative_t<3, OptionValue>, std::string>);
        const auto held = static_cast<OptionType>(spec.default_value.index());
        return fmt::format("option '{}' is declared as {} but its default is of type {}; write the default as a {} "
                           "(1.0, not 1, for a number; std::int64_t{{1}} for an integer)",
                           spec.name, to_string(spec.type), to_string(held), to_string(spec.type));
    }
    const bool numeric = spec.type == OptionType::integer || spec.type == OptionType::real;
    if (numeric) {
        if (spec.min > spec.max)
            return fmt::format("option '{}' has min {} above max {}", spec.name, spec.min, spec.max);
        const double value = spec.type == OptionType::integer ? static_cast<double>(std::get<std::int64_t>(spec.default_value))
                                                               : std::get<double>(spec.default_value);
        const bool below = spec.min_exclusive ? value <= spec.min : value < spec.min;
        const bool above = spec.max_exclusive ? value >= spec.max : value > spec.max;
        if (below || above || !std::isfinite(value))
            return fmt::format("option '{}' has default {}, outside its range: {}", spec.name, value,
                               experiment::describe_range(spec.type, spec.min, spec.max, spec.min_exclusive, spec.max_exclusive));
    }
    if (!spec.choices.empty()) {
        if (spec.type != OptionType::string)
            return fmt::format("option '{}' lists choices but is of type {}; choices apply to strings only", spec.name,
                               to_string(spec.type));
        const std::string& value = std::get<std::string>(spec.default_value);
        if (std::find(spec.choices.begin(), spec.choices.end(), value) == spec.choices.end())
            return fmt::format("option '{}' has default '{}', which is not one of its choices: {}", spec.name, value,
                               fmt::join(spec.choices, ", "));
    }
    return {};
}

void check_manifest(const Manifest& manifest, Report& report) {
    report.pass(fmt::format("ABI version {} matches the runner", manifest.abi_version));

    std::vector<std::string> missing;
    if (manifest.version.empty())
        missing.push_back("version");
    if (manifest.summary.empty())
        missing.push_back("summary");
    // The name is a YAML value and the scope of plugin options (optimizer.<name>.momentum), so
    // a dot or a space in it could not be written in an experiment file.
    const bool name_usable = manifest.name.find_first_of(". \t\n:") == std::string::npos;
    if (!missing.empty())
        report.fail(fmt::format("manifest: empty {}", fmt::join(missing, " and ")));
    else if (!name_usable)
        report.fail(fmt::format("manifest: the name '{}' contains a dot, colon or space, so an experiment file cannot "
                                "scope options to it",
                                manifest.name));
    else
        report.pass("manifest: name, version and summary are set");

    std::vector<std::string> problems;
    std::set<std::string> names;
    for (const OptionSpec& spec : manifest.options) {
        if (!names.insert(spec.name).second)
            problems.push_back(fmt::format("option '{}' is declared twice", spec.name));
        if (std::string problem = option_problem(spec); !problem.empty())
            problems.push_back(problem);
    }
    if (!problems.empty())
        report.fail("options: " + fmt::format("{}", fmt::join(problems, "; ")));
    else if (manifest.options.empty())
        report.pass("options: none declared");
    else
        report.pass(fmt::format("options: {} declared, each default of its type and within its range", manifest.options.size()));
}

// Returns the defaults of every option, with NAME=VALUE assignments from the command line
// read and checked as an experiment file's values would be.
Options resolve_options(const Manifest& manifest, const std::vector<std::string>& assignments) {
    Options options;
    for (const OptionSpec& spec : manifest.options)
        options.set(spec.name, spec.default_value);
    for (const std::string& text : assignments) {
        const Location where{"command line '" + text + "'", 0, 0};
        const auto equals = text.find('=');
        if (equals == std::string::npos || equals == 0)
            throw Error(ErrorKind::input, where, "expected an option of the form NAME=VALUE, such as path=data/my.csv");
        const std::string name = text.substr(0, equals);
        auto spec = std::find_if(manifest.options.begin(), manifest.options.end(),
                                 [&](const OptionSpec& s) { return s.name == name; });
        if (spec == manifest.options.end()) {
            std::vector<std::string> known;
            for (const OptionSpec& s : manifest.options)
                known.push_back(s.name);
            throw Error(ErrorKind::input, where,
                        fmt::format("plugin '{}' has no option '{}'; {}", manifest.name, name,
                                    known.empty() ? std::string("it has no options")
                                                  : fmt::format("its options are: {}", fmt::join(known, ", "))));
        }
        experiment::Node value = experiment::parse_yaml(text.substr(equals + 1), where.file);
        options.set(name, experiment::read_option(value, *spec, name, "plugin '" + manifest.name + "'"));
    }
    return options;
}

// ---------------------------------------------------------------------------------------------
// Activations

// z from -6 to 6 in steps of 1/20, where activations do their work, and a few larger values
// where saturating functions lose precision. Dividing integers keeps 0 and ±1 exact, so a
// kink at such a point is met exactly rather than straddled.
std::vector<double> derivative_inputs() {
    std::vector<double> z;
    for (int k = -120; k <= 120; ++k)
        z.push_back(k / 20.0);
    for (double large : {8.0, 10.0, 15.0, 20.0, 30.0, 50.0}) {
        z.push_back(-large);
        z.push_back(large);
    }
    return z;
}

Matrix row_of(const std::vector<double>& values) {
    Matrix m(1, static_cast<Eigen::Index>(values.size()));
    for (std::size_t j = 0; j < values.size(); ++j)
        m(0, static_cast<Eigen::Index>(j)) = values[j];
    return m;
}

Matrix forward(const Activation& activation, const Matrix& Z) {
    Matrix A(Z.rows(), Z.cols());
    activation.forward(Z, A);
    return A;
}

struct DerivativeCheck {
    std::size_t compared = 0;
    double worst_error = 0;
    double worst_z = 0;
    double worst_plugin = 0;  // f'(z) from the plugin at worst_z
    double worst_numeric = 0;
    std::vector<double> kinks;
    std::vector<double> non_finite;
};

// Compares the plugin's backward pass with central differences
//     f'(z) ≈ (f(z + h) - f(z - h)) / (2h),  h = 1e-6 max(1, |z|),
// whose error is O(h² f''') from truncation plus O(ε |f| / h) from rounding, both below 1e-9
// for the functions used as activations. Where f'' jumps (elu and softsign at 0) the error is
// O(h |Δf''|) instead, about 1e-6, so the tolerance of derivative_tolerance leaves a margin of
// ten. The error at a point is
//     |plugin - numeric| / max(1, |plugin|, |numeric|),
// absolute for derivatives below 1 and relative above. dA varies between columns so that a
// backward pass that ignores dA is caught too.
//
// A point where the one-sided slopes (f(z + h) - f(z)) / h and (f(z) - f(z - h)) / h differ by
// more than 1e-3 is a kink (relu at 0). f has no derivative there, so the point is skipped and
// reported. For a smooth f the two slopes differ by about h |f''|, some 1e-6.
constexpr double derivative_tolerance = 1e-5;

DerivativeCheck check_derivative(const Activation& activation) {
    const std::vector<double> z = derivative_inputs();
    const auto n = static_cast<Eigen::Index>(z.size());
    Matrix Z = row_of(z), Zplus(1, n), Zminus(1, n), dA(1, n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const double h = 1e-6 * std::max(1.0, std::abs(Z(0, j)));
        Zplus(0, j) = Z(0, j) + h;
        Zminus(0, j) = Z(0, j) - h;
        dA(0, j) = 0.5 + static_cast<double>(j % 3);
    }
    const Matrix A = forward(activation, Z);
    const Matrix Aplus = forward(activation, Zplus);
    const Matrix Aminus = forward(activation, Zminus);
    Matrix dZ(1, n);
    activation.backward(Z, A, dA, dZ);

    DerivativeCheck check;
    for (Eigen::Index j = 0; j < n; ++j) {
        const double plugin = dZ(0, j) / dA(0, j);
        const double up = (Aplus(0, j) - A(0, j)) / (Zplus(0, j) - Z(0, j));
        const double down = (A(0, j) - Aminus(0, j)) / (Z(0, j) - Zminus(0, j));
        const double numeric = (Aplus(0, j) - Aminus(0, j)) / (Zplus(0, j) - Zminus(0, j));
        if (!std::isfinite(plugin) || !std::isfinite(A(0, j))) {
            check.non_finite.push_back(z[static_cast<std::size_t>(j)]);
            continue;
        }
        if (std::abs(up - down) > 1e-3 * std::max({1.0, std::abs(up), std::abs(down)})) {
            check.kinks.push_back(z[static_cast<std::size_t>(j)]);
            continue;
        }
        const double error = std::abs(plugin - numeric) / std::max({1.0, std::abs(plugin), std::abs(numeric)});
        ++check.compared;
        if (check.compared == 1 || error > check.worst_error) {
            check.worst_error = error;
            check.worst_z = z[static_cast<std::size_t>(j)];
            check.worst_plugin = plugin;
            check.worst_numeric = numeric;
        }
    }
    return check;
}

std::string list_values(const std::vector<double>& values) {
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < values.size() && i < 6; ++i)
        shown.push_back(fmt::format("{}", values[i]));
    if (values.size() > 6)
        shown.push_back(fmt::format("... ({} in all)", values.size()));
    return fmt::format("{}", fmt::join(shown, ", "));
}

// Returns the inputs among ±1e3 and ±1e6 where the forward or backward pass is NaN or infinite.
std::vector<double> non_finite_at_large_inputs(const Activation& activation) {
    const std::vector<double> z = {-1e6, -1e3, 1e3, 1e6};
    const Matrix Z = row_of(z);
    const Matrix A = forward(activation, Z);
    const Matrix dA = Matrix::Ones(1, Z.cols());
    Matrix dZ(1, Z.cols());
    activation.backward(Z, A, dA, dZ);
    std::vector<double> bad;
    for (Eigen::Index j = 0; j < Z.cols(); ++j)
        if (!std::isfinite(A(0, j)) || !std::isfinite(dZ(0, j)))
            bad.push_back(z[static_cast<std::size_t>(j)]);
    return bad;
}

// Measures elements per second of forward and backward on a (256, 256) batch of inputs in
// [-4, 4], each pass repeated for at least 50 ms.
std::pair<double, double> measure_speed(const Activation& activation) {
    const Eigen::Index rows = 256, cols = 256;
    Matrix Z(rows, cols), A(rows, cols), dA = Matrix::Ones(rows, cols), dZ(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i)
        for (Eigen::Index j = 0; j < cols; ++j)
            Z(i, j) = -4.0 + 8.0 * static_cast<double>((i * cols + j) % 1001) / 1000.0;
    using Clock = std::chrono::steady_clock;
    auto rate = [&](auto&& pass) {
        const auto start = Clock::now();
        long long repeats = 0;
        double seconds = 0;
        do {
            pass();
            ++repeats;
            seconds = std::chrono::duration<double>(Clock::now() - start).count();
        } while (seconds < 0.05 || repeats < 3);
        return static_cast<double>(repeats) * static_cast<double>(rows * cols) / seconds;
    };
    const double forward_rate = rate([&] { activation.forward(Z, A); });
    const double backward_rate = rate([&] { activation.backward(Z, A, dA, dZ); });
    return {forward_rate, backward_rate};
}

void check_activation(const plugins::Plugin& plugin, const Options& options, Report& report) {
    const auto activation = plugins::Registry().create_activation(plugin, options);

    const DerivativeCheck check = check_derivative(*activation);
    const std::string kinks = check.kinks.empty()
                                  ? std::string()
                                  : fmt::format("; skipped {} point(s) at a kink: z = {}", check.kinks.size(), list_values(check.kinks));
    if (!check.non_finite.empty())
        report.fail(fmt::format("derivative: f(z) or f'(z) is NaN or infinite at z = {}", list_values(check.non_finite)));
    else if (check.compared == 0)
        report.fail("derivative: every input point was a kink, so nothing could be compared");
    else if (check.worst_error > derivative_tolerance)
        report.fail(fmt::format("derivative: worst relative error {:.3g} at z = {} (the plugin's f'(z) = {:.9g}, central "
                                "difference {:.9g}); tolerance {:g}{}",
                                check.worst_error, check.worst_z, check.worst_plugin, check.worst_numeric, derivative_tolerance, kinks));
    else
        report.pass(fmt::format("derivative matches central differences at {} points in [-6, 6] and up to ±50: worst "
                                "relative error {:.3g} at z = {}{}",
                                check.compared, check.worst_error, check.worst_z, kinks));

    const std::vector<double> bad = non_finite_at_large_inputs(*activation);
    if (bad.empty())
        report.pass("finite f(z) and f'(z) at z = ±1e3 and ±1e6");
    else
        report.fail(fmt::format("f(z) or f'(z) is NaN or infinite at z = {}", list_values(bad)));

    const auto [forward_rate, backward_rate] = measure_speed(*activation);
    report.info(fmt::format("speed: forward {:.3g} elements/s, backward {:.3g} elements/s (batch 256 × 256, one thread)",
                            forward_rate, backward_rate));
}

// ---------------------------------------------------------------------------------------------
// Optimizers

// f(w) = ½ Σ a_i w_i² over a weight block and a bias block, from a fixed start. Its gradient is
// a_i w_i and its minimum 0 at w = 0. The largest curvature is 8, so plain gradient descent is
// stable for lr < 2/8.
struct Quadratic {
    std::vector<double> curvature_w{1.0, 2.0, 4.0, 8.0}, curvature_b{0.5, 3.0};
    std::vector<double> w{1.0, -1.0, 0.5, -0.5}, b{1.0, -1.0};
    std::vector<double> grad_w = std::vector<double>(4), grad_b = std::vector<double>(2);

    std::vector<ParamBlock> blocks() {
        return {ParamBlock{w, grad_w, false}, ParamBlock{b, grad_b, true}};
    }

    // Returns f(w) and stores the gradient at the current point.
    double evaluate() {
        double f = 0;
        for (std::size_t i = 0; i < w.size(); ++i) {
            grad_w[i] = curvature_w[i] * w[i];
            f += 0.5 * curvature_w[i] * w[i] * w[i];
        }
        for (std::size_t i = 0; i < b.size(); ++i) {
            grad_b[i] = curvature_b[i] * b[i];
            f += 0.5 * curvature_b[i] * b[i] * b[i];
        }
        return f;
    }
};

// Runs `steps` optimizer steps on a fresh quadratic and returns it as it ends.
Quadratic descend(Optimizer& optimizer, double lr, int steps) {
    Quadratic q;
    const std::vector<ParamBlock> blocks = q.blocks();
    optimizer.reset(blocks);
    for (int t = 0; t < steps; ++t) {
        q.evaluate();
        optimizer.step(blocks, lr);
    }
    return q;
}

void check_optimizer(const plugins::Plugin& plugin, const Options& options, Report& report) {
    const auto optimizer = plugins::Registry().create_optimizer(plugin, options);
    const double lr = 0.05;
    const int steps = 200;

    Quadratic start;
    const double f_start = start.evaluate();
    Quadratic end = descend(*optimizer, lr, steps);
    const double f_end = end.evaluate();
    if (!std::isfinite(f_end))
        report.fail(fmt::format("quadratic: f(w) is {} after {} steps with lr {}", f_end, steps, lr));
    else if (f_end > 0.5 * f_start)
        report.fail(fmt::format("quadratic: f(w) = ½ Σ a_i w_i² went from {:.6g} to {:.6g} in {} steps with lr {}; "
                                "expected at least a halving",
                                f_start, f_end, steps, lr));
    else
        report.pass(fmt::format("quadratic: f(w) = ½ Σ a_i w_i² went from {:.6g} to {:.3g} in {} steps with lr {}", f_start,
                                f_end, steps, lr));

    // The trainer's schedules scale lr, so an update must vanish with it.
    Quadratic frozen = descend(*optimizer, 0.0, 5);
    if (frozen.w == Quadratic().w && frozen.b == Quadratic().b)
        report.pass("lr = 0 leaves the weights unchanged");
    else
        report.fail("lr = 0 changed the weights; the update must scale with the learning rate the trainer passes");

    // Trials reuse nothing, but reset() is the promise that state from earlier steps is gone.
    Quadratic again = descend(*optimizer, lr, steps);
    if (again.w == end.w && again.b == end.b)
        report.pass("reset() clears the state: a second run from the same start ends at the same weights");
    else
        report.fail("reset() leaves state behind: a second run from the same start ends at other weights");
}

// ---------------------------------------------------------------------------------------------
// Datasets

DatasetContext data_context(const std::filesystem::path& executable) {
    // The folders the run command searches, less the experiment file's, which does not exist here.
    DatasetContext context;
    context.search_dirs.push_back(std::filesystem::current_path());
    context.search_dirs.push_back(executable.parent_path().parent_path() / "share" / "bplab");
#ifdef BPLAB_SOURCE_DIR
    context.search_dirs.push_back(BPLAB_SOURCE_DIR);
#endif
    return context;
}

void check_dataset(const plugins::Plugin& plugin, const Options& options, const std::filesystem::path& executable,
                   Report& report) {
    const auto dataset = plugins::Registry().create_dataset(plugin, options);
    const auto started = std::chrono::steady_clock::now();
    Table table;
    try {
        table = dataset->load(data_context(executable));
    } catch (const std::exception& error) {
        report.fail(fmt::format("load: {}; set the dataset's options as NAME=VALUE after the file", error.what()));
        return;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const Eigen::Index rows = table.features.rows(), columns = table.features.cols();
    report.info(fmt::format("table: {} rows × {} features, target '{}', task {}, loaded in {:.3f} s", rows, columns,
                            table.target_name, to_string(table.task), seconds));

    std::vector<std::string> shape;
    if (rows < 1 || columns < 1)
        shape.push_back("the table is empty");
    if (table.targets.size() != rows)
        shape.push_back(fmt::format("{} targets for {} rows", table.targets.size(), rows));
    if (static_cast<Eigen::Index>(table.feature_names.size()) != columns)
        shape.push_back(fmt::format("{} feature names for {} feature columns", table.feature_names.size(), columns));
    if (shape.empty())
        report.pass("shape: one target per row and one name per feature");
    else
        report.fail("shape: " + fmt::format("{}", fmt::join(shape, "; ")));

    std::string non_finite;
    for (Eigen::Index i = 0; i < rows && non_finite.empty(); ++i) {
        for (Eigen::Index j = 0; j < columns && non_finite.empty(); ++j)
            if (!std::isfinite(table.features(i, j)))
                non_finite = fmt::format("row {}, feature '{}' is {}", i + 1,
                                         j < static_cast<Eigen::Index>(table.feature_names.size()) ? table.feature_names[static_cast<std::size_t>(j)] : "?",
                                         table.features(i, j));
        if (non_finite.empty() && i < table.targets.size() && !std::isfinite(table.targets(i)))
            non_finite = fmt::format("row {}, the target is {}", i + 1, table.targets(i));
    }
    if (non_finite.empty())
        report.pass("values: every feature and target is finite");
    else
        report.fail("values: " + non_finite);

    if (table.task == Task::regression)
        return;
    // Classes are indices 0..k-1: k from the class names when given, else 2 for binary tasks.
    const double classes = !table.class_names.empty() ? static_cast<double>(table.class_names.size())
                           : table.task == Task::binary ? 2.0
                                                        : std::numeric_limits<double>::infinity();
    std::string bad_label;
    std::map<long long, long long> counts;
    for (Eigen::Index i = 0; i < table.targets.size() && bad_label.empty(); ++i) {
        const double label = table.targets(i);
        if (label < 0 || label >= classes || label != std::floor(label))
            bad_label = fmt::format("row {} has target {}", i + 1, label);
        else
            ++counts[static_cast<long long>(label)];
    }
    if (table.task == Task::binary && table.class_names.size() > 2)
        bad_label = fmt::format("a binary task with {} class names", table.class_names.size());
    if (!bad_label.empty()) {
        report.fail(fmt::format("classes: {}; class targets are indices from 0 to {}", bad_label,
                                std::isfinite(classes) ? fmt::format("{}", classes - 1) : std::string("k - 1")));
        return;
    }
    std::vector<std::string> shown;
    for (const auto& [label, count] : counts) {
        const auto index = static_cast<std::size_t>(label);
        shown.push_back(fmt::format("{}: {}", index < table.class_names.size() ? table.class_names[index] : std::to_string(label), count));
    }
    report.pass(fmt::format("classes: every target is a class index ({})", fmt::join(shown, ", ")));
}

// ---------------------------------------------------------------------------------------------

int check_plugin_command(const SubcommandContext& context) {
    const std::vector<std::string>& arguments = context.arguments;
    if (arguments.empty())
        throw Error(ErrorKind::input, {}, "no plugin file given; usage: runner check-plugin FILE [NAME=VALUE ...]");
    if (arguments[0] == "--help" || arguments[0] == "-h") {
        fmt::print("usage: runner check-plugin FILE [NAME=VALUE ...]\n"
                   "Loads a plugin library as the runner would and checks its manifest and behaviour; NAME=VALUE sets an\n"
                   "option of the plugin for the checks. Exit code 0: all checks pass; 1: a check failed; 2: the file\n"
                   "cannot be loaded or an option is invalid.\n");
        return 0;
    }
    const std::filesystem::path file(arguments[0]);
    std::error_code status;
    if (!std::filesystem::is_regular_file(file, status))
        throw Error(ErrorKind::input, {file.string(), 0, 0}, "plugin library not found");
    const plugins::Plugin plugin = plugins::Registry::load_file(file);
    const Manifest& manifest = plugin.manifest;
    const Options options =
        resolve_options(manifest, std::vector<std::string>(arguments.begin() + 1, arguments.end()));

    fmt::print("{} {} {} ({})\n", to_string(manifest.kind), manifest.name, manifest.version, file.string());
    Report report;
    check_manifest(manifest, report);
    try {
        switch (manifest.kind) {
        case PluginKind::activation: check_activation(plugin, options, report); break;
        case PluginKind::optimizer: check_optimizer(plugin, options, report); break;
        case PluginKind::dataset: check_dataset(plugin, options, context.executable, report); break;
        }
    } catch (const std::exception& error) {
        // Whatever the plugin throws (from its factory or a method) is a failed check, not an
        // input error of the runner.
        report.fail(fmt::format("the plugin threw: {}", error.what()));
    }

    const int total = report.passed() + report.failed();
    if (report.failed() > 0) {
        fmt::print("{} of {} checks failed\n", report.failed(), total);
        return 1;
    }
    fmt::print("all {} checks passed\n", total);
    return 0;
}

const Registration check_plugin_registration{
    "check-plugin", {"runner check-plugin FILE [NAME=VALUE ...]",
                     "check a plugin library: its manifest, then the derivative, descent or data by kind", check_plugin_command}};

}  // namespace

}  // namespace bplab::runner
