// Plugin libraries that cannot be used: a file that is not a shared library, a library without
// a manifest, another ABI version, and two plugins of one kind and name. Named explicitly with
// --plugins, each is an error with exit code 2; found in a folder, each is a warning, and an
// error only when the experiment names the plugin.
#define BOOST_TEST_MODULE errors_plugin
#include <boost/test/unit_test.hpp>

#include <string>

#include "error_support.hpp"

using namespace bplab::testing;

namespace {

const std::filesystem::path test_plugins{BPLAB_TEST_PLUGIN_DIR};

ProcessResult run_with_plugins(const TempDir& folder, const std::string& plugins, const std::vector<std::string>& extra = {}) {
    const auto experiment = folder.write("tiny.yaml", tiny_base);
    std::vector<std::string> arguments{experiment.string(), "-o", (folder / "out").string(), "--force", "--plugins", plugins};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_runner(arguments);
}

const std::string abi_library = (test_plugins / "abi" / "abi_mismatch.so").string();
const std::string abi_reason =
    "was built for plugin ABI version 99, but this runner uses version 1; rebuild the plugin against this SDK";

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_errors)

BOOST_AUTO_TEST_CASE(file_that_is_not_a_library) {
    const TempDir folder;
    const auto fake = folder.write("plugins/fake.so", "not a library\n");
    const auto explicit_file = run_with_plugins(folder, fake.string(), {"-q"});
    BOOST_TEST(explicit_file.exit_code == 2);
    BOOST_TEST(explicit_file.err == "error: " + fake.string() + ": is not a shared library that can be loaded (file too short)\n");

    // In a folder it is skipped with a warning, and the experiment, which does not need it, runs.
    const auto in_folder = run_with_plugins(folder, (folder / "plugins").string());
    BOOST_TEST(in_folder.exit_code == 0);
    BOOST_TEST(in_folder.err ==
               "warning: " + fake.string() + ": skipped: is not a shared library that can be loaded (file too short)\n");
}

BOOST_AUTO_TEST_CASE(library_without_manifest) {
    const TempDir folder;
    const std::string library = (test_plugins / "no_manifest" / "no_manifest.so").string();
    const auto result = run_with_plugins(folder, library, {"-q"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + library +
                                 ": is a shared library but not a Backprop Lab plugin: it exports no bplab_manifest (build "
                                 "it with BPLAB_ACTIVATION, BPLAB_OPTIMIZER or BPLAB_DATASET)\n");
}

BOOST_AUTO_TEST_CASE(other_abi_version_names_both) {
    const TempDir folder;
    const auto result = run_with_plugins(folder, abi_library, {"-q"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + abi_library + ": " + abi_reason + "\n");
}

BOOST_AUTO_TEST_CASE(unloadable_plugin_named_by_experiment) {
    const TempDir folder;
    const auto result = run_with_plugins(folder, (test_plugins / "abi").string(), {"-q", "model.activation=future"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: command line 'model.activation=future': model.activation: no activation plugin named "
                             "'future'. The activation plugins are: elu, gelu, identity, leaky_relu, relu, selu, sigmoid, "
                             "softplus, softsign, swish, tanh. Not loaded: " +
                                 abi_library + " (" + abi_reason + ")\n");
}

BOOST_AUTO_TEST_CASE(missing_plugin_path) {
    const TempDir folder;
    const std::string missing = (folder / "nothere.so").string();
    const auto result = run_with_plugins(folder, missing, {"-q"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err == "error: " + missing + ": plugin file or folder not found (given with --plugins)\n");
}

BOOST_AUTO_TEST_CASE(duplicate_name_says_which_is_used) {
    const TempDir folder;
    const std::string copy = (test_plugins / "duplicate" / "activation_tanh_copy.so").string();
    const std::string built = (plugin_dir / "activation_tanh.so").string();
    const auto result = run_with_plugins(folder, (test_plugins / "duplicate").string(), {"model.activation=tanh"});
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.err == "warning: activation plugin 'tanh' in " + built + " is ignored: the one in " + copy +
                                 " is used, because its folder comes first in the plugin search path\n");
    // The trial used the copy, whose version is 9.9.9.
    for (const auto& entry : std::filesystem::directory_iterator(folder / "out" / "trials"))
        BOOST_TEST(std::string(read_json(entry.path()).at("plugins").at("activation").at("version").as_string()) == "9.9.9");
}

BOOST_AUTO_TEST_SUITE_END()
