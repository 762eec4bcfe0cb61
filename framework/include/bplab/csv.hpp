// A strict CSV reader for dataset plugins. It follows RFC 4180 (quoted fields may hold the
// delimiter, line breaks and doubled quotes) and accepts what real files contain: a UTF-8
// byte-order mark, CRLF line ends, a last line without a newline and blank lines. Every problem
// is reported with the file, its line, the data row and the column name.
#pragma once

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bplab/dataset.hpp"
#include "bplab/error.hpp"

namespace bplab::csv {

// One record of a CSV file and the line on which it starts (1-based).
struct Record {
    std::vector<std::string> fields;
    int line = 0;
};

struct ReadOptions {
    char delimiter = ',';
    bool header = true;
    // The target column: a name from the header, or an index (0-based; negative counts from the
    // end, so -1 is the last column). Empty means the last column.
    std::string target;
    // "auto", "binary", "multiclass" or "regression". With "auto", a target whose cells are not
    // all numbers is a classification target; numbers with exactly two distinct values are
    // binary; other numbers are a regression target.
    std::string task = "auto";
    // Names for the columns of a file without a header; empty gives column_1, column_2, ...
    std::vector<std::string> column_names;
};

namespace detail {

inline std::string quote(std::string_view text) {
    std::string shown(text.substr(0, 40));
    if (text.size() > 40)
        shown += "...";
    return "'" + shown + "'";
}

inline std::string_view trim(std::string_view text) {
    const char* spaces = " \t";
    auto begin = text.find_first_not_of(spaces);
    if (begin == std::string_view::npos)
        return {};
    auto end = text.find_last_not_of(spaces);
    return text.substr(begin, end - begin + 1);
}

// Parses a whole cell as a decimal number; returns false unless every character is used.
inline bool parse_number(std::string_view text, double& value) {
    text = trim(text);
    if (text.empty())
        return false;
    if (text.front() == '+')
        text.remove_prefix(1);
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

// Returns true for a decimal number too large for a double, such as 1e999.
inline bool overflows(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc::result_out_of_range && end == text.data() + text.size();
}

inline bool looks_like_decimal_comma(std::string_view text) {
    text = trim(text);
    if (!text.empty() && (text.front() == '-' || text.front() == '+'))
        text.remove_prefix(1);
    auto comma = text.find(',');
    if (comma == std::string_view::npos || comma == 0 || comma + 1 == text.size())
        return false;
    auto digits = [](std::string_view part) {
        return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    return digits(text.substr(0, comma)) && digits(text.substr(comma + 1));
}

}  // namespace detail

// Splits text into records. Blank lines are skipped. Throws on an unterminated quoted field or
// on text after a closing quote.
inline std::vector<Record> parse(std::string_view text, char delimiter, const std::string& file) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);

    std::vector<Record> records;
    Record record;
    std::string field;
    bool in_quotes = false;
    bool field_was_quoted = false;
    bool record_has_content = false;
    int line = 1;
    int record_line = 1;
    int quote_line = 0;

    auto end_field = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        field_was_quoted = false;
    };
    auto end_record = [&] {
        end_field();
        bool blank = record.fields.size() == 1 && detail::trim(record.fields[0]).empty() && !record_has_content;
        if (!blank) {
            record.line = record_line;
            records.push_back(std::move(record));
        }
        record = Record{};
        record_has_content = false;
    };

    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    in_quotes = false;
                }
            } else {
                if (c == '\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == '"') {
            if (!detail::trim(field).empty() || field_was_quoted)
                throw Error(ErrorKind::input, {file, line, 0},
                            "a quote inside an unquoted field; quote the whole field and double the quotes inside it");
            field.clear();
            in_quotes = true;
            field_was_quoted = true;
            record_has_content = true;
            quote_line = line;
        } else if (c == delimiter) {
            record_has_content = true;
            end_field();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            // CRLF: the '\n' ends the record.
        } else if (c == '\n' || c == '\r') {
            end_record();
            ++line;
            record_line = line;
        } else {
            if (field_was_quoted && c != ' ' && c != '\t')
                throw Error(ErrorKind::input, {file, line, 0},
                            "text after the closing quote of a field; double a quote that belongs to the field");
            if (!field_was_quoted)
                field += c;
            if (c != ' ' && c != '\t')
                record_has_content = true;
        }
    }
    if (in_quotes)
        throw Error(ErrorKind::input, {file, quote_line, 0}, "a quoted field is not closed before the end of the file");
    if (!field.empty() || !record.fields.empty() || record_has_content)
        end_record();
    return records;
}

// Reads the whole file into a string; throws naming the file and the system's reason.
inline std::string read_file(const std::filesystem::path& path) {
    std::error_code status;
    if (std::filesystem::is_directory(path, status))
        throw Error(ErrorKind::input, {path.string(), 0, 0}, "is a folder, expected a data file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorKind::input, {path.string(), 0, 0},
                    std::string("cannot open the data file: ") + std::strerror(errno));
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad())
        throw Error(ErrorKind::input, {path.string(), 0, 0}, "cannot read the data file");
    return content.str();
}

// Builds a table from CSV text: features from every column but the target, all of them finite
// numbers, and the target mapped to class indices or kept as values according to the task.
inline Table parse_table(std::string_view text, const ReadOptions& options, const std::string& file) {
    std::vector<Record> records = parse(text, options.delimiter, file);
    if (records.empty())
        throw Error(ErrorKind::input, {file, 0, 0}, "the data file is empty");

    std::vector<std::string> names;
    std::size_t first_data = 0;
    if (options.header) {
        for (const auto& name : records[0].fields)
            names.emplace_back(detail::trim(name));
        first_data = 1;
        if (records.size() == 1)
            throw Error(ErrorKind::input, {file, records[0].line, 0}, "the file has a header but no data rows");
    } else if (!options.column_names.empty()) {
        names = options.column_names;
    } else {
        for (std::size_t j = 0; j < records[0].fields.size(); ++j)
            names.push_back("column_" + std::to_string(j + 1));
    }
    const std::size_t columns = names.size();
    if (columns < 2)
        throw Error(ErrorKind::input, {file, records[0].line, 0},
                    "found 1 column with delimiter '" + std::string(1, options.delimiter) +
                        "'; a data file needs at least one feature and a target (is the delimiter right?)");

    // Find the target column by name or index.
    std::size_t target = columns - 1;
    if (!options.target.empty()) {
        auto named = std::find(names.begin(), names.end(), options.target);
        long long index = 0;
        auto [end, error] = std::from_chars(options.target.data(), options.target.data() + options.target.size(), index);
        bool is_index = error == std::errc() && end == options.target.data() + options.target.size();
        if (named != names.end()) {
            target = static_cast<std::size_t>(named - names.begin());
        } else if (is_index && index < static_cast<long long>(columns) && index >= -static_cast<long long>(columns)) {
            target = static_cast<std::size_t>(index < 0 ? index + static_cast<long long>(columns) : index);
        } else {
            std::string known;
            for (const auto& name : names)
                known += (known.empty() ? "" : ", ") + name;
            throw Error(ErrorKind::input, {file, records[0].line, 0},
                        "target column '" + options.target + "' not found; the columns are: " + known +
                            " (or give an index from 0 to " + std::to_string(columns - 1) + ")");
        }
    }

    Table table;
    table.source = file;
    table.target_name = names[target];
    for (std::size_t j = 0; j < columns; ++j)
        if (j != target)
            table.feature_names.push_back(names[j]);

    const std::size_t rows = records.size() - first_data;
    table.features.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(columns - 1));
    std::vector<std::string_view> labels(rows);
    std::vector<int> label_lines(rows);

    for (std::size_t r = 0; r < rows; ++r) {
        const Record& record = records[first_data + r];
        const std::string row_name = "row " + std::to_string(r + 1);
        if (record.fields.size() != columns)
            throw Error(ErrorKind::input, {file, record.line, 0},
                        row_name + " has " + std::to_string(record.fields.size()) + " fields, expected " +
                            std::to_string(columns) + (options.header ? " as in the header" : " as in the first row"));
        std::size_t feature = 0;
        for (std::size_t j = 0; j < columns; ++j) {
            const std::string& cell = record.fields[j];
            if (j == target) {
                labels[r] = detail::trim(cell);
                label_lines[r] = record.line;
                if (labels[r].empty())
                    throw Error(ErrorKind::input, {file, record.line, 0},
                                row_name + ", column '" + names[j] + "': the target is missing (empty cell)");
                continue;
            }
            double value = 0;
            if (!detail::parse_number(cell, value)) {
                std::string where = row_name + ", column '" + names[j] + "': ";
                if (detail::overflows(cell))
                    throw Error(ErrorKind::input, {file, record.line, 0},
                                where + detail::quote(cell) + " is not a finite number (it exceeds the range of a double)");
                if (detail::trim(cell).empty())
                    throw Error(ErrorKind::input, {file, record.line, 0}, where + "missing value (empty cell)");
                if (detail::looks_like_decimal_comma(cell))
                    throw Error(ErrorKind::input, {file, record.line, 0},
                                where + detail::quote(cell) + " uses a decimal comma; write it with a decimal point");
                throw Error(ErrorKind::input, {file, record.line, 0}, where + detail::quote(cell) + " is not a number");
            }
            if (!std::isfinite(value))
                throw Error(ErrorKind::input, {file, record.line, 0},
                            row_name + ", column '" + names[j] + "': " + detail::quote(cell) + " is not a finite number");
            table.features(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(feature++)) = value;
        }
    }

    // Decide the task and map the target.
    std::vector<double> numeric(rows);
    bool all_numeric = true;
    for (std::size_t r = 0; r < rows && all_numeric; ++r)
        all_numeric = detail::parse_number(labels[r], numeric[r]) && std::isfinite(numeric[r]);

    std::string task = options.task;
    if (task == "auto") {
        if (!all_numeric) {
            task = "classification";
        } else {
            std::vector<double> distinct(numeric);
            std::sort(distinct.begin(), distinct.end());
            distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
            if (distinct.size() == 1)
                throw Error(ErrorKind::input, {file, 0, 0},
                            "target column '" + table.target_name + "' has the same value in every row (" +
                                detail::quote(labels[0]) + "); classification needs at least two classes, and a "
                                "regression target must vary");
            task = distinct.size() == 2 ? "binary" : "regression";
        }
    }

    table.targets.resize(static_cast<Eigen::Index>(rows));
    if (task == "regression") {
        table.task = Task::regression;
        for (std::size_t r = 0; r < rows; ++r) {
            if (!detail::parse_number(labels[r], numeric[r]))
                throw Error(ErrorKind::input, {file, label_lines[r], 0},
                            "row " + std::to_string(r + 1) + ", column '" + table.target_name + "': " +
                                detail::quote(labels[r]) + " is not a number, and a regression target must be");
            if (!std::isfinite(numeric[r]))
                throw Error(ErrorKind::input, {file, label_lines[r], 0},
                            "row " + std::to_string(r + 1) + ", column '" + table.target_name + "': " +
                                detail::quote(labels[r]) + " is not a finite number");
            table.targets(static_cast<Eigen::Index>(r)) = numeric[r];
        }
        return table;
    }

    // Classes: numeric labels in numeric order (so -1 and 1 become classes 0 and 1), other labels
    // in text order. The first spelling seen names the class.
    std::vector<std::size_t> order(rows);
    for (std::size_t r = 0; r < rows; ++r)
        order[r] = r;
    auto same = [&](std::size_t a, std::size_t b) {
        return all_numeric ? numeric[a] == numeric[b] : labels[a] == labels[b];
    };
    auto less = [&](std::size_t a, std::size_t b) {
        return all_numeric ? numeric[a] < numeric[b] : labels[a] < labels[b];
    };
    std::stable_sort(order.begin(), order.end(), less);
    int next_class = -1;
    for (std::size_t k = 0; k < rows; ++k) {
        if (k == 0 || !same(order[k], order[k - 1])) {
            ++next_class;
            table.class_names.emplace_back(labels[order[k]]);
        }
        table.targets(static_cast<Eigen::Index>(order[k])) = next_class;
    }

    const std::size_t classes = table.class_names.size();
    if (classes < 2)
        throw Error(ErrorKind::input, {file, 0, 0},
                    "target column '" + table.target_name + "' has only one class (" +
                        detail::quote(table.class_names[0]) + "); classification needs at least two");
    if (task == "binary" && classes != 2)
        throw Error(ErrorKind::input, {file, 0, 0},
                    "target column '" + table.target_name + "' has " + std::to_string(classes) +
                        " classes, but the task is binary; set task: multiclass");
    table.task = classes == 2 && task != "multiclass" ? Task::binary : Task::multiclass;
    return table;
}

// Reads and parses a CSV file; see parse_table.
inline Table read_table(const std::filesystem::path& path, const ReadOptions& options) {
    std::string text = read_file(path);
    return parse_table(text, options, path.string());
}

}  // namespace bplab::csv
