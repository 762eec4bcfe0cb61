#include "experiment/yaml_tree.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

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

// yaml-cpp parses recursively and has no depth limit of its own, so deep nesting is rejected
// before parsing. The estimate counts open flow brackets plus, at the start of each line, the
// indentation and block indicators ("- ", "? "), each of which can open one level; it is an
// upper bound on the real depth, which is enough to keep the parser's stack small.
void check_nesting(std::string_view text, const std::string& file) {
    const int limit = 4 * max_yaml_depth;
    int flow = 0, line = 1;
    bool line_start = true;
    int leading = 0;
    char quote = 0;
    bool comment = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            line_start = true;
            leading = 0;
            comment = false;
            if (quote == '\'' || quote == '"')
                continue;
            continue;
        }
        if (comment)
            continue;
        if (line_start) {
            if (c == ' ' || c == '-' || c == '?' || c == '\t') {
                if (++leading > limit)
                    throw Error(ErrorKind::input, {file, line, leading},
                                "the YAML is nested too deeply (more than " + std::to_string(max_yaml_depth) + " levels)");
                continue;
            }
            line_start = false;
        }
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (c == '\\' && quote == '"')
                ++i;
            continue;
        }
        if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t'))
            comment = true;
        else if (c == '"' || c == '\'')
            quote = c;
        else if (c == '[' || c == '{') {
            if (++flow > max_yaml_depth)
                throw Error(ErrorKind::input, {file, line, 0},
                            "the YAML is nested too deeply (more than " + std::to_string(max_yaml_depth) + " levels)");
        } else if (c == ']' || c == '}') {
            flow = flow > 0 ? flow - 1 : 0;
        }
    }
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
    check_nesting(text, file);
    YAML::Node document;
    try {
        document = YAML::Load(std::string(text));
    } catch (const YAML::ParserException& error) {
        throw Error(ErrorKind::input, location(file, error.mark), "invalid YAML syntax: " + error.msg);
    } catch (const YAML::Exception& error) {
        throw Error(ErrorKind::input, location(file, error.mark), "cannot read the YAML: " + error.msg);
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
