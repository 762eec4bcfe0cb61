// `runner check-plugin`. The built-in plugins pass. Plugins with a wrong derivative, a wrong
// manifest, an update of the wrong sign or a NaN in their data fail with exit code 1 and a
// message that names the fault. A file that is no plugin,
// or an invalid option, gives exit code 2.
#define BOOST_TEST_MODULE check_plugin
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <regex>

#include "test_support.hpp"

using namespace bplab::testing;

namespace {

const std::filesystem::path test_plugin_dir{BPLAB_TEST_PLUGIN_DIR};

std::vector<std::filesystem::path> built_plugin_files() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(plugin_dir))
        if (entry.path().extension() == ".so")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_plugin)

BOOST_AUTO_TEST_CASE(built_in_plugins_pass) {
    const auto files = built_plugin_files();
    BOOST_TEST_REQUIRE(files.size() >= 20u);
    for (const auto& file : files) {
        BOOST_TEST_CONTEXT(file.filename().string()) {
            std::vector<std::string> arguments{"check-plugin", file.string()};
            // The csv dataset has no default file, so it is checked on one of the shipped ones.
            if (file.filename() == "dataset_csv.so")
                arguments.push_back("path=data/ccpp_Folds5x2_pp.csv");
            const ProcessResult result = run_runner(arguments);
            BOOST_TEST(result.exit_code == 0);
            BOOST_TEST(result.out.find("FAIL") == std::string::npos, result.out);
            BOOST_TEST(std::regex_search(result.out, std::regex("\nall [0-9]+ checks passed\n$")), result.out);
            BOOST_TEST(result.err.empty(), result.err);
        }
    }
}

BOOST_AUTO_TEST_CASE(activation_reports_kink_and_speed) {
    const ProcessResult result = run_runner({"check-plugin", (plugin_dir / "activation_relu.so").string()});
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("activation relu 1.0.0 (") == 0u, result.out);
    BOOST_TEST(result.out.find("skipped 1 point(s) at a kink: z = 0\n") != std::string::npos, result.out);
    BOOST_TEST(result.out.find("  ok    finite f(z) and f'(z) at z = ±1e3 and ±1e6\n") != std::string::npos, result.out);
    BOOST_TEST(std::regex_search(result.out, std::regex("  info  speed: forward [0-9.e+]+ elements/s, backward [0-9.e+]+ elements/s")),
               result.out);
}

BOOST_AUTO_TEST_CASE(wrong_derivative_fails) {
    const ProcessResult result = run_runner({"check-plugin", (test_plugin_dir / "wrong_derivative.so").string()});
    BOOST_TEST(result.exit_code == 1);
    // The worst point is z = 1, where the plugin returns 1/(1 + z) = 0.5 instead of 0.25.
    BOOST_TEST(result.out.find("  FAIL  derivative: worst relative error 0.25 at z = 1 (the plugin's f'(z) = 0.5, central "
                               "difference 0.25); tolerance 1e-05\n") != std::string::npos,
               result.out);
    BOOST_TEST(result.out.find("\n1 of 5 checks failed\n") != std::string::npos, result.out);
}

BOOST_AUTO_TEST_CASE(bad_manifest_fails) {
    const ProcessResult result = run_runner({"check-plugin", (test_plugin_dir / "bad_manifest.so").string()});
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.out.find("  FAIL  manifest: empty summary\n") != std::string::npos, result.out);
    BOOST_TEST(result.out.find("  FAIL  options: option 'beta' has default 1.5, outside its range: a number in [0, 1)\n") !=
                   std::string::npos,
               result.out);
    // The optimizer itself is plain gradient descent, so its behaviour checks pass.
    BOOST_TEST(result.out.find("  ok    lr = 0 leaves the weights unchanged\n") != std::string::npos, result.out);
    BOOST_TEST(result.out.find("\n2 of 6 checks failed\n") != std::string::npos, result.out);
}

BOOST_AUTO_TEST_CASE(ascending_optimizer_fails) {
    const ProcessResult result = run_runner({"check-plugin", (test_plugin_dir / "gradient_ascent.so").string()});
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.out.find("  FAIL  quadratic: f(w) = ½ Σ a_i w_i² went from 4.75 to ") != std::string::npos, result.out);
    BOOST_TEST(result.out.find(" in 200 steps with lr 0.05; expected at least a halving\n") != std::string::npos, result.out);
    BOOST_TEST(result.out.find("\n1 of 6 checks failed\n") != std::string::npos, result.out);
}

BOOST_AUTO_TEST_CASE(dataset_with_nan_fails) {
    const ProcessResult result = run_runner({"check-plugin", (test_plugin_dir / "nan_dataset.so").string()});
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.out.find("  FAIL  values: row 2, feature 'x2' is nan\n") != std::string::npos, result.out);
    BOOST_TEST(result.out.find("  ok    shape: one target per row and one name per feature\n") != std::string::npos, result.out);
}

BOOST_AUTO_TEST_CASE(dataset_option_from_command_line) {
    const ProcessResult result =
        run_runner({"check-plugin", (plugin_dir / "dataset_synthetic.so").string(), "kind=spirals", "samples=90", "arms=3"});
    BOOST_TEST(result.exit_code == 0, result.out + result.err);
    BOOST_TEST(result.out.find("  info  table: 90 rows × 2 features, target 'label', task multiclass") != std::string::npos,
               result.out);
    BOOST_TEST(result.out.find("  ok    classes: every target is a class index (arm_0: 30, arm_1: 30, arm_2: 30)\n") !=
                   std::string::npos,
               result.out);
}

BOOST_AUTO_TEST_CASE(dataset_load_failure_fails) {
    // Without a path the csv dataset cannot load; that is a failed check, not a crash.
    const ProcessResult result = run_runner({"check-plugin", (plugin_dir / "dataset_csv.so").string()});
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.out.find("  FAIL  load: ") != std::string::npos, result.out);
}

BOOST_AUTO_TEST_CASE(unknown_option_is_input_error) {
    const ProcessResult result = run_runner({"check-plugin", (plugin_dir / "optimizer_sgd.so").string(), "momentom=0.9"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: command line 'momentom=0.9': plugin 'sgd' has no option 'momentom'; its options are: "
                             "momentum, nesterov\n");
}

BOOST_AUTO_TEST_CASE(option_out_of_range_is_input_error) {
    const ProcessResult result = run_runner({"check-plugin", (plugin_dir / "optimizer_sgd.so").string(), "momentum=1"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("1 is out of range for option 'momentum' of plugin 'sgd'; expected a number in [0, 1)") !=
                   std::string::npos,
               result.err);
}

BOOST_AUTO_TEST_CASE(non_plugin_file_cannot_load) {
    const auto readme = source_dir / "data" / "README.md";
    const ProcessResult result = run_runner({"check-plugin", readme.string()});
    BOOST_TEST(result.exit_code == 2);
    // The loader's own wording follows the file name; the registry's tests pin it down.
    BOOST_TEST(result.err.find("error: " + readme.string() + ": ") == 0u, result.err);
    BOOST_TEST(result.out.empty(), result.out);
}

BOOST_AUTO_TEST_CASE(missing_file_cannot_load) {
    const ProcessResult result = run_runner({"check-plugin", "no/such/plugin.so"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: no/such/plugin.so: plugin library not found\n");
}

BOOST_AUTO_TEST_CASE(no_file_is_input_error) {
    const ProcessResult result = run_runner({"check-plugin"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: no plugin file given; usage: runner check-plugin FILE [NAME=VALUE ...]\n");
}

BOOST_AUTO_TEST_SUITE_END()
