// docs/experiment-file.md documents every key of the experiment schema: its reference table,
// between the markers below, has one row per key of experiment::settings() with the key's
// default, and no row for a key the schema does not have. Its examples run as written.
#define BOOST_TEST_MODULE experiment_doc
#include <boost/test/unit_test.hpp>

#include <map>
#include <regex>
#include <sstream>

#include "experiment/schema.hpp"
#include "test_support.hpp"

using namespace bplab::testing;

namespace {

const std::string table_start = "<!-- settings table: start -->";
const std::string table_end = "<!-- settings table: end -->";

// Returns the reference table's rows by key: the line of each row whose first cell is `key`.
std::map<std::string, std::string> documented_rows() {
    const std::string text = read_text(source_dir / "docs" / "experiment-file.md");
    const auto start = text.find(table_start);
    const auto end = text.find(table_end);
    BOOST_TEST_REQUIRE(start != std::string::npos);
    BOOST_TEST_REQUIRE(end != std::string::npos);
    BOOST_TEST_REQUIRE(start < end);
    std::map<std::string, std::string> rows;
    std::istringstream table(text.substr(start, end - start));
    const std::regex row(R"(^\| `([^`]+)` \|.*)");
    std::string line;
    std::smatch match;
    while (std::getline(table, line))
        if (std::regex_match(line, match, row))
            rows[match[1]] = line;
    return rows;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(experiment_doc)

BOOST_AUTO_TEST_CASE(every_key_is_documented) {
    const auto rows = documented_rows();
    for (const auto& setting : bplab::experiment::settings()) {
        BOOST_TEST_CONTEXT(setting.key) {
            auto found = rows.find(setting.key);
            BOOST_TEST((found != rows.end()), "docs/experiment-file.md has no row for " + setting.key);
            if (found == rows.end() || setting.default_value.empty())
                continue;
            // The default sits in its own cell, as it would be written in YAML.
            const std::string cell = "| `" + setting.default_value + "` |";
            BOOST_TEST(found->second.find(cell) != std::string::npos,
                       "the row of " + setting.key + " does not give its default " + cell + ": " + found->second);
        }
    }
}

BOOST_AUTO_TEST_CASE(no_undocumented_extra_keys) {
    for (const auto& [key, line] : documented_rows()) {
        BOOST_TEST_CONTEXT(key) {
            BOOST_TEST(bplab::experiment::find_setting(key) != nullptr,
                       "docs/experiment-file.md documents '" + key + "', which the schema does not have");
        }
    }
}

// The command lines of the overrides section run as written (with --dry-run added).
BOOST_AUTO_TEST_CASE(override_examples_run) {
    std::istringstream text(read_text(source_dir / "docs" / "experiment-file.md"));
    const std::string prefix = "runner experiments/banknote_grid.yaml ";
    std::string line;
    int examples = 0;
    while (std::getline(text, line)) {
        if (line.compare(0, prefix.size(), prefix) != 0)
            continue;
        line = line.substr(0, line.find('#'));
        std::istringstream words(line.substr(std::string("runner ").size()));
        std::vector<std::string> arguments;
        for (std::string word; words >> word;)
            arguments.push_back(word);
        arguments.push_back("--dry-run");
        ++examples;
        BOOST_TEST_CONTEXT(line) {
            const ProcessResult result = run_runner(arguments);
            BOOST_TEST(result.exit_code == 0, result.err);
            BOOST_TEST(result.out.find("experiment: ") == 0u, result.out);
        }
    }
    BOOST_TEST(examples == 5);
}

// The first example of the page is a whole experiment file: 72 trials.
BOOST_AUTO_TEST_CASE(first_example_runs) {
    const std::string text = read_text(source_dir / "docs" / "experiment-file.md");
    const auto start = text.find("```yaml\n");
    BOOST_TEST_REQUIRE(start != std::string::npos);
    const auto body = start + std::string("```yaml\n").size();
    const auto end = text.find("```", body);
    BOOST_TEST_REQUIRE(end != std::string::npos);
    const TempDir folder;
    const auto file = folder.write("example.yaml", text.substr(body, end - body));
    const ProcessResult result = run_runner({file.string(), "--dry-run"});
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out.find("trials:     72 (24 grid points × 3 per point") != std::string::npos, result.out);
}

BOOST_AUTO_TEST_SUITE_END()
