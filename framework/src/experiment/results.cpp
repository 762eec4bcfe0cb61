#include "experiment/results.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>  // basic_parser with a handler of our own
#include <fmt/format.h>

namespace bplab::experiment {

namespace {

void pretty(const boost::json::value& value, std::string& out, int indent) {
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    const std::string inner(static_cast<std::size_t>(indent + 1) * 2, ' ');
    if (value.is_object()) {
        const auto& object = value.get_object();
        if (object.empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        std::size_t i = 0;
        for (const auto& entry : object) {
            out += inner + boost::json::serialize(boost::json::value(entry.key())) + ": ";
            pretty(entry.value(), out, indent + 1);
            out += ++i < object.size() ? ",\n" : "\n";
        }
        out += pad + "}";
    } else if (value.is_array()) {
        const auto& array = value.get_array();
        const bool flat = std::all_of(array.begin(), array.end(), [](const boost::json::value& v) {
            return !v.is_object() && !(v.is_array() && !v.get_array().empty() && v.get_array()[0].is_structured());
        });
        if (flat) {
            out += boost::json::serialize(value);
            return;
        }
        out += "[\n";
        for (std::size_t i = 0; i < array.size(); ++i) {
            out += inner;
            pretty(array[i], out, indent + 1);
            out += i + 1 < array.size() ? ",\n" : "\n";
        }
        out += pad + "]";
    } else {
        out += boost::json::serialize(value);
    }
}

// A boost::json::basic_parser handler that builds the same value as boost::json::parse, except
// that it converts each floating-point number from its text with std::from_chars, which rounds
// correctly. Boost.JSON 1.81 (Debian 12) parses some numbers 1 ulp off, for example
// 9.251700680272109E-1; later versions offer parse_options::numbers = number_precision::precise
// for this. Without it a metric written by serialize() (shortest round-trip form) can come back
// different, and a summary rebuilt from trial files would not match the run's own summary.
struct PreciseNumberHandler {
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    using error_code = boost::json::error_code;
    using string_view = boost::json::string_view;

    boost::json::value_stack stack;
    std::string number;  // leading characters of a number that arrived in parts

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) { return true; }
    bool on_object_end(std::size_t n, error_code&) { stack.push_object(n); return true; }
    bool on_array_begin(error_code&) { return true; }
    bool on_array_end(std::size_t n, error_code&) { stack.push_array(n); return true; }
    bool on_key_part(string_view s, std::size_t, error_code&) { stack.push_chars(s); return true; }
    bool on_key(string_view s, std::size_t, error_code&) { stack.push_key(s); return true; }
    bool on_string_part(string_view s, std::size_t, error_code&) { stack.push_chars(s); return true; }
    bool on_string(string_view s, std::size_t, error_code&) { stack.push_string(s); return true; }
    bool on_number_part(string_view s, error_code&) { number.append(s.data(), s.size()); return true; }
    bool on_int64(std::int64_t i, string_view, error_code&) { number.clear(); stack.push_int64(i); return true; }
    bool on_uint64(std::uint64_t u, string_view, error_code&) { number.clear(); stack.push_uint64(u); return true; }
    bool on_bool(bool b, error_code&) { stack.push_bool(b); return true; }
    bool on_null(error_code&) { stack.push_null(); return true; }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

    bool on_double(double parsed, string_view rest, error_code&) {
        number.append(rest.data(), rest.size());
        double exact = 0;
        const auto [end, status] = std::from_chars(number.data(), number.data() + number.size(), exact);
        // from_chars accepts the whole JSON number grammar, so it fails only on a number out of
        // the range of double (1e400), where the parser's own value is kept.
        stack.push_double(status == std::errc() && end == number.data() + number.size() ? exact : parsed);
        number.clear();
        return true;
    }
};

// Parses JSON text with correctly rounded floating-point numbers; returns nothing when the text
// is not valid JSON.
std::optional<boost::json::value> parse_json_exact(const std::string& text) {
    boost::json::basic_parser<PreciseNumberHandler> parser{boost::json::parse_options{}};
    parser.handler().stack.reset();
    boost::json::error_code status;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), status);
    if (status || used != text.size() || !parser.done())
        return std::nullopt;
    return parser.handler().stack.release();
}

}  // namespace

std::string pretty_json(const boost::json::value& value) {
    std::string out;
    pretty(value, out, 0);
    out += "\n";
    return out;
}

namespace {

// Returns a name for the temporary file beside `path`: hidden, and unique across processes and
// machines, because shards on several machines may write into one folder on a shared file
// system, where process ids alone can repeat.
std::filesystem::path temporary_path(const std::filesystem::path& path) {
    static std::atomic<unsigned long> counter{0};
    static const std::string host = [] {
        char name[256] = {};
        if (::gethostname(name, sizeof name - 1) != 0)
            return std::string("unknown");
        return std::string(name);
    }();
    return path.parent_path() / fmt::format(".{}.tmp-{}-{}-{}", path.filename().string(), ::getpid(), counter++, host);
}

// Writes the text to a new file; on failure removes it and throws, naming `path`.
void write_temporary(const std::filesystem::path& temporary, const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
        throw Error(ErrorKind::input, {temporary.string(), 0, 0}, std::string("cannot write: ") + std::strerror(errno));
    out << text;
    out.flush();
    if (!out) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw Error(ErrorKind::input, {path.string(), 0, 0}, std::string("cannot write: ") + std::strerror(errno));
    }
}

std::string json_text(const boost::json::value& value, bool pretty_print) {
    return pretty_print ? pretty_json(value) : boost::json::serialize(value) + "\n";
}

}  // namespace

void write_json_atomic(const std::filesystem::path& path, const boost::json::value& value, bool pretty_print) {
    const std::filesystem::path temporary = temporary_path(path);
    write_temporary(temporary, path, json_text(value, pretty_print));
    std::error_code status;
    std::filesystem::rename(temporary, path, status);
    if (status) {
        std::filesystem::remove(temporary, status);
        throw Error(ErrorKind::input, {path.string(), 0, 0}, "cannot rename the finished file into place: " + status.message());
    }
}

bool write_json_exclusive(const std::filesystem::path& path, const boost::json::value& value, bool pretty_print) {
    const std::filesystem::path temporary = temporary_path(path);
    write_temporary(temporary, path, json_text(value, pretty_print));

    // link() fails with EEXIST when `path` exists, atomically, on NFS as well. An NFS client
    // that retries a link whose reply was lost also gets EEXIST although the first attempt
    // succeeded; the temporary file then has a second name, so its link count is 2.
    const int linked = ::link(temporary.c_str(), path.c_str());
    const int error = linked == 0 ? 0 : errno;
    struct stat info {};
    const bool created = linked == 0 || (error == EEXIST && ::stat(temporary.c_str(), &info) == 0 && info.st_nlink == 2);
    std::error_code ignored;
    if (created || error == EEXIST) {
        std::filesystem::remove(temporary, ignored);
        return created;
    }

    // File systems without hard links (EPERM, EOPNOTSUPP) get a rename, which can replace a
    // file that another process created a moment ago.
    if (error == EPERM || error == EOPNOTSUPP) {
        if (std::filesystem::exists(path, ignored)) {
            std::filesystem::remove(temporary, ignored);
            return false;
        }
        std::error_code status;
        std::filesystem::rename(temporary, path, status);
        if (!status)
            return true;
        std::filesystem::remove(temporary, ignored);
        throw Error(ErrorKind::input, {path.string(), 0, 0}, "cannot rename the finished file into place: " + status.message());
    }
    std::filesystem::remove(temporary, ignored);
    throw Error(ErrorKind::input, {path.string(), 0, 0}, std::string("cannot create: ") + std::strerror(error));
}

std::optional<boost::json::value> read_json_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream content;
    content << in.rdbuf();
    return parse_json_exact(content.str());
}

Aggregate aggregate(const std::vector<double>& values) {
    Aggregate result;
    result.n = values.size();
    if (values.empty())
        return result;
    double sum = 0;
    for (double v : values)
        sum += v;
    result.mean = sum / static_cast<double>(values.size());
    double squares = 0;
    for (double v : values)
        squares += (v - result.mean) * (v - result.mean);
    result.std = values.size() > 1 ? std::sqrt(squares / static_cast<double>(values.size() - 1)) : 0.0;
    result.min = *std::min_element(values.begin(), values.end());
    result.max = *std::max_element(values.begin(), values.end());
    return result;
}

boost::json::object build_summary(const SummaryInput& input) {
    const bool maximize = larger_is_better(input.primary_metric);
    std::map<std::string, std::size_t> totals{{"ok", 0}, {"diverged", 0}, {"failed", 0}, {"timeout", 0}};
    std::size_t finished = 0;

    struct Ranked {
        const PointResults* point;
        std::optional<double> score;
        double tie_break;
        std::size_t order;
    };
    std::vector<Ranked> ranked;
    for (std::size_t i = 0; i < input.points.size(); ++i) {
        const PointResults& point = input.points[i];
        for (const auto& [status, count] : point.statuses) {
            totals[status] += count;
            finished += count;
        }
        std::optional<double> score;
        auto values = point.metrics.find(input.primary_metric);
        if (values != point.metrics.end() && !values->second.empty())
            score = aggregate(values->second).mean;
        // Points that tie on the primary metric (often at 100% accuracy) are ordered by the
        // mean test loss, lower first.
        double tie_break = std::numeric_limits<double>::infinity();
        auto loss = point.metrics.find("test.loss");
        if (loss != point.metrics.end() && !loss->second.empty())
            tie_break = aggregate(loss->second).mean;
        ranked.push_back({&point, score, tie_break, i});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Ranked& a, const Ranked& b) {
        if (a.score.has_value() != b.score.has_value())
            return a.score.has_value();
        if (!a.score)
            return false;
        if (*a.score != *b.score)
            return maximize ? *a.score > *b.score : *a.score < *b.score;
        return a.tie_break < b.tie_break;
    });

    boost::json::array points;
    std::size_t rank = 0;
    for (const Ranked& entry : ranked) {
        const PointResults& point = *entry.point;
        boost::json::object metrics;
        for (const auto& [name, values] : point.metrics) {
            const Aggregate a = aggregate(values);
            metrics[name] = {{"mean", a.mean}, {"std", a.std}, {"min", a.min}, {"max", a.max}, {"n", a.n}};
        }
        boost::json::object statuses;
        std::size_t n = 0;
        for (const auto& [status, count] : point.statuses) {
            statuses[status] = count;
            n += count;
        }
        points.push_back({{"rank", entry.score ? boost::json::value(++rank) : boost::json::value(nullptr)},
                          {"point", point.point},
                          {"label", point.label},
                          {"n", n},
                          {"expected", point.expected},
                          {"statuses", statuses},
                          {"metrics", metrics}});
    }

    boost::json::object trials;
    trials["expected"] = input.expected_trials;
    for (const auto& [status, count] : totals)
        trials[status] = count;
    trials["missing"] = input.expected_trials > finished ? input.expected_trials - finished : 0;

    boost::json::array grid_keys;
    for (const auto& key : input.grid_keys)
        grid_keys.push_back(boost::json::string(key));
    return {{"format", "bplab.summary/1"},
            {"experiment", input.experiment},
            {"description", input.description},
            {"primary_metric", {{"name", input.primary_metric}, {"goal", maximize ? "max" : "min"}}},
            {"grid_keys", grid_keys},
            {"trials", trials},
            {"points", points}};
}

std::string ranked_table(const boost::json::object& summary, std::size_t rows) {
    const std::string metric(summary.at("primary_metric").at("name").as_string());
    const auto& points = summary.at("points").as_array();
    std::vector<std::array<std::string, 4>> lines;
    lines.push_back({"rank", metric + " (mean ± std)", "n", "grid point"});
    for (const auto& value : points) {
        if (lines.size() > rows)
            break;
        const auto& point = value.as_object();
        if (point.at("rank").is_null())
            continue;
        const auto& metrics = point.at("metrics").as_object();
        const auto& primary = metrics.at(metric).as_object();
        lines.push_back({std::to_string(point.at("rank").to_number<long long>()),
                         fmt::format("{:.4f} ± {:.4f}", primary.at("mean").to_number<double>(), primary.at("std").to_number<double>()),
                         std::to_string(primary.at("n").to_number<long long>()),
                         std::string(point.at("label").as_string())});
    }
    // Column widths in characters; "±" is one character but two bytes in UTF-8.
    auto width = [](const std::string& text) {
        return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    };
    std::array<std::size_t, 3> widths{};
    for (const auto& line : lines)
        for (std::size_t c = 0; c < 3; ++c)
            widths[c] = std::max(widths[c], width(line[c]));
    std::string out;
    for (const auto& line : lines) {
        for (std::size_t c = 0; c < 3; ++c)
            out += line[c] + std::string(widths[c] - width(line[c]) + 2, ' ');
        out += line[3] + "\n";
    }
    return out;
}

}  // namespace bplab::experiment
