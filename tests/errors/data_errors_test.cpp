// Bad data files, read through the csv dataset plugin, stop the runner before any trial runs
// with one message naming the file, line, row and column. The quirks of real CSV files (a
// byte-order mark, CRLF, quoted fields, labels other than 0 and 1) are read correctly.
#define BOOST_TEST_MODULE errors_data
#include <boost/test/unit_test.hpp>

#include <string>

#include "error_support.hpp"

using namespace bplab::testing;

namespace {

struct DataCase {
    const char* name;
    const char* csv;        // nullptr: no file at all
    const char* delimiter;  // the csv plugin's delimiter option
    const char* message;    // what follows "error: DATAFILE" on standard error
};

const DataCase data_cases[] = {
    {"missing", nullptr, ",", ": cannot open the data file: No such file or directory\n"},
    {"empty", "", ",", ": the data file is empty\n"},
    {"header_only", "a,b,class\n", ",", ":1: the file has a header but no data rows\n"},
    {"too_few_fields", "a,b,class\n1,2,0\n3,1\n5,6,1\n", ",", ":3: row 2 has 2 fields, expected 3 as in the header\n"},
    {"too_many_fields", "a,b,class\n1,2,0\n3,4,1,9\n", ",", ":3: row 2 has 4 fields, expected 3 as in the header\n"},
    {"not_a_number", "a,b,class\n1,2,0\n3,abc,1\n5,6,1\n", ",", ":3: row 2, column 'b': 'abc' is not a number\n"},
    {"nan_cell", "a,b,class\n1,2,0\nnan,4,1\n", ",", ":3: row 2, column 'a': 'nan' is not a finite number\n"},
    {"infinite_cell", "a,b,class\n1,2,0\n3,-inf,1\n", ",", ":3: row 2, column 'b': '-inf' is not a finite number\n"},
    {"overflowing_cell", "a,b,class\n1,2,0\n3,1e999,1\n", ",",
     ":3: row 2, column 'b': '1e999' is not a finite number (it exceeds the range of a double)\n"},
    {"empty_cell", "a,b,class\n1,,0\n3,4,1\n", ",", ":2: row 1, column 'b': missing value (empty cell)\n"},
    {"target_absent", "a,b,label\n1,2,0\n3,4,1\n", ",",
     ":1: target column 'class' not found; the columns are: a, b, label (or give an index from 0 to 2)\n"},
    {"one_class_numeric", "a,b,class\n1,2,0\n3,4,0\n5,6,0\n", ",",
     ": target column 'class' has the same value in every row ('0'); classification needs at least two classes, and "
     "a regression target must vary\n"},
    {"one_class_text", "a,b,class\n1,2,cat\n3,4,cat\n", ",",
     ": target column 'class' has only one class ('cat'); classification needs at least two\n"},
    {"decimal_comma", "a;b;class\n1,59;2;0\n3;4;1\n", ";",
     ":2: row 1, column 'a': '1,59' uses a decimal comma; write it with a decimal point\n"},
    {"unclosed_quote", "a,b,class\n\"1,2,0\n3,4,1\n", ",", ":2: a quoted field is not closed before the end of the file\n"},
    {"text_after_quote", "a,b,class\n\"1\"x,2,0\n3,4,1\n", ",",
     ":2: text after the closing quote of a field; double a quote that belongs to the field\n"},
    {"quote_inside_field", "a,b,class\n1x\"y,2,0\n", ",",
     ":2: a quote inside an unquoted field; quote the whole field and double the quotes inside it\n"},
};

std::string csv_experiment(const std::filesystem::path& data, const std::string& delimiter, const std::string& extra = "") {
    return "dataset: {name: csv, path: " + data.string() + ", target: class, delimiter: '" + delimiter + "'" + extra +
           "}\ntraining: {epochs: 1}\n";
}

// Runs one small experiment on `csv` and returns its only trial file.
boost::json::object run_on(const TempDir& folder, const std::string& name, const std::string& csv,
                           const std::string& delimiter = ",") {
    const auto data = folder.write(name + ".csv", csv);
    const auto experiment = folder.write(name + ".yaml", csv_experiment(data, delimiter));
    const auto output = folder / ("out-" + name);
    const auto result = run_runner({experiment.string(), "-o", output.string(), "-q"});
    BOOST_TEST_REQUIRE(result.exit_code == 0, name << ": " << result.err);
    for (const auto& entry : std::filesystem::directory_iterator(output / "trials"))
        return read_json(entry.path()).as_object();
    BOOST_FAIL("no trial file for " << name);
    return {};
}

std::vector<std::string> classes_of(const boost::json::object& trial) {
    std::vector<std::string> names;
    for (const auto& name : trial.at("data").at("classes").as_array())
        names.emplace_back(name.as_string());
    return names;
}

// 20 rows whose class alternates between `first` and `second`, feature x = row number.
std::string two_labels(const std::string& first, const std::string& second, const std::string& newline = "\n") {
    std::string csv = "x,class" + newline;
    for (int i = 0; i < 20; ++i)
        csv += std::to_string(i) + "," + (i % 2 ? second : first) + newline;
    return csv;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_errors)

BOOST_AUTO_TEST_CASE(each_error_names_row_and_column) {
    const TempDir folder;
    for (const DataCase& c : data_cases) {
        BOOST_TEST_CONTEXT("case " << c.name) {
            const auto data = folder / (std::string(c.name) + ".csv");
            if (c.csv)
                folder.write(std::string(c.name) + ".csv", c.csv);
            const ErrorRun run = run_yaml(folder, c.name, csv_experiment(data, c.delimiter));
            BOOST_TEST(run.exit_code == 2);
            BOOST_TEST(run.err == "error: " + data.string() + c.message);
            BOOST_TEST(!std::filesystem::exists(folder / (std::string("out-") + c.name)));
        }
    }
}

BOOST_AUTO_TEST_CASE(folder_instead_of_file) {
    const TempDir folder;
    std::filesystem::create_directories(folder / "data.csv");
    const ErrorRun run = run_yaml(folder, "folder", csv_experiment(folder / "data.csv", ","));
    BOOST_TEST(run.exit_code == 2);
    BOOST_TEST(run.err == "error: " + (folder / "data.csv").string() + ": is a folder, expected a data file\n");
}

BOOST_AUTO_TEST_CASE(unreadable_path) {
    // A path through a regular file cannot be opened, whoever runs the test (root reads any
    // file regardless of its permissions).
    const TempDir folder;
    const auto file = folder.write("plain.txt", "x\n");
    const auto data = file / "data.csv";
    const ErrorRun run = run_yaml(folder, "unreadable", csv_experiment(data, ","));
    BOOST_TEST(run.exit_code == 2);
    BOOST_TEST(run.err == "error: " + data.string() + ": cannot open the data file: Not a directory\n");
}

BOOST_AUTO_TEST_CASE(real_file_quirks_are_read) {
    const TempDir folder;
    const std::string plain = two_labels("0", "1");
    const auto reference = run_on(folder, "plain", plain);
    BOOST_TEST(reference.at("data").at("rows").at("train").as_int64() + reference.at("data").at("rows").at("test").as_int64() == 20);

    // Each variant contains the same table, so the trial's data and metrics are the same.
    const std::pair<const char*, std::string> variants[] = {
        {"bom", "\xEF\xBB\xBF" + plain},
        {"crlf", two_labels("0", "1", "\r\n")},
        {"no_final_newline", plain.substr(0, plain.size() - 1)},
        {"trailing_blank_lines", plain + "\n\n  \n"},
        {"quoted_fields", [&] {
             std::string csv = "\"x\",\"class\"\n";
             for (int i = 0; i < 20; ++i)
                 csv += "\"" + std::to_string(i) + "\"," + (i % 2 ? "\"1\"" : "0") + "\n";
             return csv;
         }()},
    };
    for (const auto& [name, csv] : variants) {
        BOOST_TEST_CONTEXT("variant " << name) {
            const auto trial = run_on(folder, name, csv);
            BOOST_TEST(boost::json::serialize(trial.at("data")) == boost::json::serialize(reference.at("data")));
            BOOST_TEST(boost::json::serialize(trial.at("metrics")) == boost::json::serialize(reference.at("metrics")));
        }
    }
}

BOOST_AUTO_TEST_CASE(quoted_fields_keep_commas_and_doubled_quotes) {
    const TempDir folder;
    // The header names hold a comma and a doubled quote; the labels hold commas.
    std::string csv = "\"x, first\",\"say \"\"hi\"\"\",class\n";
    for (int i = 0; i < 20; ++i)
        csv += std::to_string(i) + "," + std::to_string(i % 5) + "," + (i % 2 ? "\"b,2\"" : "\"a,1\"") + "\n";
    const auto trial = run_on(folder, "quoted", csv);
    BOOST_TEST((classes_of(trial) == std::vector<std::string>{"a,1", "b,2"}));
    BOOST_TEST(std::string(trial.at("data").at("task").as_string()) == "binary");
}

BOOST_AUTO_TEST_CASE(other_labels_are_mapped_and_named) {
    const TempDir folder;
    BOOST_TEST((classes_of(run_on(folder, "minus_one", two_labels("-1", "1"))) == std::vector<std::string>{"-1", "1"}));
    BOOST_TEST((classes_of(run_on(folder, "one_two", two_labels("2", "1"))) == std::vector<std::string>{"1", "2"}));
    BOOST_TEST((classes_of(run_on(folder, "strings", two_labels("genuine", "forged"))) ==
                std::vector<std::string>{"forged", "genuine"}));

    std::string three = "x,class\n";
    for (int i = 0; i < 30; ++i)
        three += std::to_string(i) + "," + (i % 3 == 0 ? "setosa" : i % 3 == 1 ? "versicolor" : "virginica") + "\n";
    const auto multiclass = run_on(folder, "three", three);
    BOOST_TEST(std::string(multiclass.at("data").at("task").as_string()) == "multiclass");
    BOOST_TEST((classes_of(multiclass) == std::vector<std::string>{"setosa", "versicolor", "virginica"}));
}

BOOST_AUTO_TEST_SUITE_END()
