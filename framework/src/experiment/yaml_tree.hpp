// A YAML document as a plain tree that remembers where each value was written. The experiment
// loader reads scalars itself (see schema.hpp), because YAML 1.1 and 1.2 read some plain
// scalars differently and yaml-cpp follows neither strictly.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bplab/error.hpp"

namespace bplab::experiment {

struct MapEntry;

struct Node {
    enum class Type { null, scalar, sequence, map };

    Type type = Type::null;
    std::string text;     // a scalar as written, without quotes
    bool quoted = false;  // written in single or double quotes: always a string
    std::vector<Node> items;
    // Map entries in file order; keys are scalars. A struct rather than std::pair<Node, Node>,
    // because clang with libstdc++ in C++20 mode checks that the pair is complete while Node
    // is still being defined, and rejects the member.
    std::vector<MapEntry> entries;
    Location where;

    bool is_scalar() const { return type == Type::scalar; }
    bool is_map() const { return type == Type::map; }
    bool is_sequence() const { return type == Type::sequence; }

    // Returns the value of a map key, or nullptr.
    const Node* find(const std::string& key) const;

    // Describes the value for a message: 'text', a list, a mapping or nothing (null).
    std::string describe() const;

    // Writes the value back as compact YAML flow text, for messages and trial labels.
    std::string to_flow() const;
};

struct MapEntry {
    Node key;
    Node value;
};

// Limits that keep a hostile or mistaken file from exhausting the stack or memory.
inline constexpr int max_yaml_depth = 64;
inline constexpr std::size_t max_yaml_nodes = 1'000'000;

// Parses YAML text into a tree; `file` names the source in messages. Throws bplab::Error with
// the file, line and column for a syntax error, a duplicated key, a non-scalar key, nesting
// deeper than max_yaml_depth or more than max_yaml_nodes values (aliases counted each time
// they are used).
Node parse_yaml(std::string_view text, const std::string& file);

// Reads and parses a YAML file.
Node load_yaml_file(const std::string& path);

}  // namespace bplab::experiment
