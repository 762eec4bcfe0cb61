// docs/experiment-file.md documents every key of the experiment schema: its reference table,
// between the markers below, has one row per key of experiment::settings() with the key's
// default, and no row for a key the schema does not have.
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

BOOST_AUTO_TEST_SUITE_END()
