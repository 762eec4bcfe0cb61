#include "experiment/yaml_tree.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace bplab::experiment {

const Node* Node::find(const std::string& key) const {
    for (const auto& [name, value] : entries)
        if (name.text == key)
            return &value;
    return nullptr;
}

std::string Node::describe() const {
    switch (type) {
    case Type::null: return "nothing (an empty value)";
    case Type::scalar: return "'" + text + "'";
    case Type::sequence: return "a list";
    case Type::map: return "a mapping";
    }
    return "a value";
}

std::string Node::to_flow() const {
    switch (type) {
    case Type::null: return "null";
    case Type::scalar: return quoted ? "'" + text + "'" : text;
    case Type::sequence: {
        std::string out = "[";
        for (std::size_t i = 0; i < items.size(); ++i)
            out += (i ? ", " : "") + items[i].to_flow();
        return out + "]";
    }
    case Type::map: {
        std::string out = "{";
        for (std::size_t i = 0; i < entries.size(); ++i)
            out += (i ? ", " : "") + entries[i].key.text + ": " + entries[i].value.to_flow();
        return out + "}";
    }
    }
    return "";
}

namespace {

Location location(const std::string& file, const YAML::Mark& mark) {
    if (mark.is_null())
        return {file, 0, 0};
    return {file, mark.line + 1, mark.column + 1};
}

[[noreturn]] void too_deep(const std::string& file, int line, int column) {
    throw Error(ErrorKind::input, {file, line, column},
                "the YAML is nested too deeply (more than " + std::to_string(max_yaml_depth) + " levels)");
}

// Checks what yaml-cpp lets through or reports poorly, before it parses:
// - Deep nesting. yaml-cpp parses recursively and has no depth limit of its own. The estimate
//   counts open flow brackets plus, at the start of each line, the indentation and block
//   indicators ("- ", "? "), each of which can open one level. That is an upper bound on the
//   real depth, which is enough to keep the parser's stack small.
// - A tab in the indentation, which YAML forbids and yaml-cpp reports as "illegal map value".
// - A quoted value that is still open at the end of the file, which yaml-cpp accepts.
// - A flow list or mapping ('[' or '{') that is never closed; yaml-cpp reports it at the end of
//   the file instead of where it opens.
// A quote or bracket opens a quoted value or a flow collection only where a value starts (at the
// start of the line's content or after ':', '-', ',', '?', '[' or '{'); elsewhere, as in "it's"
// or "range [0, 1)", it is an ordinary character of a plain value.
void check_text(std::string_view text, const std::string& file) {
    const int limit = 4 * max_yaml_depth;
    int flow = 0, line = 1, column = 0;
    bool line_start = true;
    int leading = 0;
    char quote = 0;
    int quote_line = 0, quote_column = 0;
    char last = 0;  // the last character outside quotes and spaces on this line, 0 for none
    bool comment = false;
    struct OpenBracket {
        char bracket;
        int line, column;
    };
    std::vector<OpenBracket> open_brackets;
    auto value_start = [](char previous) {
        return previous == 0 || std::string_view(":-,?[{").find(previous) != std::string_view::npos;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        ++column;
        if (c == '\n') {
            ++line;
            column = 0;
            line_start = true;
            leading = 0;
            comment = false;
            last = 0;
            continue;
        }
        if (comment)
            continue;
        if (quote) {
            if (c == quote && quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;  // '' is a quote inside a single-quoted value
                ++column;
            } else if (c == quote) {
                quote = 0;
                last = c;
            } else if (c == '\\' && quote == '"') {
                ++i;
                ++column;
            }
            continue;
        }
        if (line_start) {
            if (c == '\t') {
                const auto end = text.find('\n', i);
                const auto rest = text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
                const auto content = rest.find_first_not_of(" \t\r");
                if (content != std::string_view::npos && rest[content] != '#')
                    throw Error(ErrorKind::input, {file, line, column},
                                "a tab in the indentation; YAML indents with spaces only");
            }
            if (c == ' ' || c == '-' || c == '?' || c == '\t') {
                if (++leading > limit)
                    too_deep(file, line, column);
                if (c != ' ' && c != '\t')
                    last = c;
                continue;
            }
            line_start = false;
        }
        if (c == ' ' || c == '\t' || c == '\r')
            continue;
        if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
            comment = true;
        } else if ((c == '"' || c == '\'') && value_start(last)) {
            quote = c;
            quote_line = line;
            quote_column = column;
        } else if ((c == '[' || c == '{') && value_start(last)) {
            if (++flow > max_yaml_depth)
                too_deep(file, line, column);
            open_brackets.push_back({c, line, column});
        } else if ((c == ']' || c == '}') && flow > 0) {
            const OpenBracket& open = open_brackets.back();
            if ((open.bracket == '[') != (c == ']'))
                throw Error(ErrorKind::input, {file, line, column},
                            fmt::format("this '{}' does not match the '{}' opened at line {}, column {}", c, open.bracket,
                                        open.line, open.column));
            --flow;
            open_brackets.pop_back();
        }
        if (!comment && !quote)
            last = c;
    }
    if (quote)
        throw Error(ErrorKind::input, {file, quote_line, quote_column},
                    std::string("this quoted value is not closed: the closing ") + quote + " is missing");
    if (!open_brackets.empty()) {
        const OpenBracket& open = open_brackets.back();
        throw Error(ErrorKind::input, {file, open.line, open.column},
                    std::string("this '") + open.bracket + "' is not closed by a matching '" +
                        (open.bracket == '[' ? ']' : '}') + "'");
    }
}

// Rewords yaml-cpp's syntax messages (yaml-cpp 0.7, ErrorMsg in exceptions.h) in plain words;
// a message not listed here is kept as yaml-cpp wrote it.
std::string describe_syntax_error(const std::string& message) {
    static const std::pair<const char*, const char*> plain[] = {
        {"end of map not found", "a mapping ends unexpectedly here; check that the keys of one mapping are indented equally"},
        {"end of map flow not found", "a '{' is not closed by a matching '}'"},
        {"end of sequence not found", "a list ends unexpectedly here; check that its '- ' items are indented equally"},
        {"end of sequence flow not found", "a '[' is not closed by a matching ']'"},
        {"illegal flow end", "this ']' or '}' does not match the bracket that it closes"},
        {"illegal map value",
         "a ':' cannot start a value here; quote a value that contains ': ', and put a nested mapping on its own "
         "indented lines"},
        {"illegal map key", "a key cannot start here; check the indentation and the brackets before it"},
        {"illegal block entry", "a '- ' list item cannot start here; put list items on their own lines under their key"},
        {"illegal tab when looking for indentation", "a tab in the indentation; YAML indents with spaces only"},
        {"illegal EOF in scalar", "a quoted value is not closed before the end of the file"},
        {"unknown token", "unexpected character; quote a value that starts with @ or `, which YAML reserves"},
        {"illegal document indicator in scalar", "'---' or '...' inside a value; quote the value"},
        {"alias not found after *", "an alias '*' without a name; quote a value that starts with '*'"},
        {"anchor not found after &", "an anchor '&' without a name; quote a value that starts with '&'"},
    };
    for (const auto& [original, reworded] : plain)
        if (message == original)
            return reworded;
    static const std::string unknown_escape = "unknown escape character: ";
    if (message.compare(0, unknown_escape.size(), unknown_escape) == 0)
        return "unknown escape sequence '\\" + message.substr(unknown_escape.size()) +
               "' in a double-quoted value; write \\\\ for a backslash, or use single quotes";
    static const std::string unknown_anchor = "the referenced anchor is not defined";
    if (message.compare(0, unknown_anchor.size(), unknown_anchor) == 0)
        return "an alias refers to an anchor that is not defined before it" + message.substr(unknown_anchor.size());
    return message;
}

class Converter {
public:
    explicit Converter(const std::string& file) : file_(file) {}

    Node convert(const YAML::Node& source, int depth) {
        if (++count_ > max_yaml_nodes)
            throw Error(ErrorKind::input, {file_, 0, 0},
                        "the YAML has more than " + std::to_string(max_yaml_nodes) + " values (are aliases expanding?)");
        Node node;
        node.where = location(file_, source.Mark());
        if (depth > max_yaml_depth)
            throw Error(ErrorKind::input, node.where,
                        "the YAML is nested too deeply (more than " + std::to_string(max_yaml_depth) + " levels)");
        switch (source.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            node.type = Node::Type::null;
            break;
        case YAML::NodeType::Scalar:
            node.type = Node::Type::scalar;
            node.text = source.Scalar();
            node.quoted = source.Tag() == "!";
            break;
        case YAML::NodeType::Sequence:
            node.type = Node::Type::sequence;
            for (const auto& item : source)
                node.items.push_back(convert(item, depth + 1));
            break;
        case YAML::NodeType::Map: {
            node.type = Node::Type::map;
            std::map<std::string, Location> seen;
            for (const auto& entry : source) {
                Node key = convert(entry.first, depth + 1);
                if (!key.is_scalar())
                    throw Error(ErrorKind::input, key.where, "a key must be a plain name, not " + key.describe());
                auto [previous, inserted] = seen.emplace(key.text, key.where);
                if (!inserted)
                    throw Error(ErrorKind::input, key.where,
                                "duplicated key '" + key.text + "' (first set on line " +
                                    std::to_string(previous->second.line) + ")");
                Node value = convert(entry.second, depth + 1);
                node.entries.push_back({std::move(key), std::move(value)});
            }
            break;
        }
        }
        return node;
    }

private:
    const std::string& file_;
    std::size_t count_ = 0;
};

}  // namespace

Node parse_yaml(std::string_view text, const std::string& file) {
    check_text(text, file);
    YAML::Node document;
    try {
        document = YAML::Load(std::string(text));
    } catch (const YAML::ParserException& error) {
        throw Error(ErrorKind::input, location(file, error.mark), "invalid YAML: " + describe_syntax_error(error.msg));
    } catch (const YAML::Exception& error) {
        throw Error(ErrorKind::input, location(file, error.mark), "invalid YAML: " + describe_syntax_error(error.msg));
    }
    Converter converter(file);
    return converter.convert(document, 0);
}

Node load_yaml_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorKind::input, {path, 0, 0}, std::string("cannot open the experiment file: ") + std::strerror(errno));
    std::ostringstream content;
    content << in.rdbuf();
    return parse_yaml(content.str(), path);
}

}  // namespace bplab::experiment
