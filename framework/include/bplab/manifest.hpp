// The description a plugin gives of itself: kind, name, version, options and the SDK ABI it was built
// against. The runner reads the manifest before it creates anything, so that every option in an
// experiment file is checked against it before a trial runs.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "bplab/error.hpp"

// Version of the binary interface between the runner and a plugin library. It changes whenever a
// type in this SDK changes layout or a virtual function changes, and the runner rejects a
// library built against another version.
#define BPLAB_ABI_VERSION 1u

namespace bplab {

enum class PluginKind { activation, optimizer, dataset };

inline const char* to_string(PluginKind kind) {
    switch (kind) {
    case PluginKind::activation: return "activation";
    case PluginKind::optimizer: return "optimizer";
    case PluginKind::dataset: return "dataset";
    }
    return "unknown";
}

enum class OptionType { integer, real, boolean, string };

inline const char* to_string(OptionType type) {
    switch (type) {
    case OptionType::integer: return "integer";
    case OptionType::real: return "number";
    case OptionType::boolean: return "boolean";
    case OptionType::string: return "string";
    }
    return "unknown";
}

using OptionValue = std::variant<std::int64_t, double, bool, std::string>;

// One option a plugin accepts. For numbers, [min, max] is the accepted range, with each end
// open when its `_exclusive` flag is set; `choices`, when not empty, lists the accepted strings.
struct OptionSpec {
    std::string name;
    OptionType type = OptionType::real;
    OptionValue default_value = 0.0;
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool min_exclusive = false;
    bool max_exclusive = false;
    std::vector<std::string> choices;
    std::string help;
};

// Weight initialisation that suits an activation: Xavier/Glorot for saturating functions such
// as tanh and sigmoid, He for the ReLU family.
enum class InitHint { xavier, he };

struct Manifest {
    PluginKind kind = PluginKind::activation;
    std::string name;
    std::string version = "1.0.0";
    std::string summary;
    std::vector<OptionSpec> options;
    InitHint init = InitHint::xavier;  // read for activations only
    std::uint32_t abi_version = BPLAB_ABI_VERSION;
};

// Resolved option values handed to a plugin's factory: every declared option is present, with
// its default where the experiment did not set it, and already checked against its range.
class Options {
public:
    Options() = default;
    explicit Options(std::map<std::string, OptionValue> values) : values_(std::move(values)) {}

    bool contains(const std::string& name) const { return values_.count(name) != 0; }
    const std::map<std::string, OptionValue>& values() const { return values_; }
    void set(const std::string& name, OptionValue value) { values_[name] = std::move(value); }

    // Returns a real option; an integer value is widened.
    double real(const std::string& name) const {
        const OptionValue& value = at(name);
        if (const auto* integer = std::get_if<std::int64_t>(&value))
            return static_cast<double>(*integer);
        return get<double>(name, value);
    }
    std::int64_t integer(const std::string& name) const { return get<std::int64_t>(name, at(name)); }
    bool boolean(const std::string& name) const { return get<bool>(name, at(name)); }
    const std::string& string(const std::string& name) const { return get<std::string>(name, at(name)); }

private:
    const OptionValue& at(const std::string& name) const {
        auto found = values_.find(name);
        if (found == values_.end())
            throw Error("option '" + name + "' was requested by a plugin but is not in its manifest");
        return found->second;
    }

    template <class T>
    static const T& get(const std::string& name, const OptionValue& value) {
        if (const T* typed = std::get_if<T>(&value))
            return *typed;
        throw Error("option '" + name + "' was read with a type other than the one in its manifest");
    }

    std::map<std::string, OptionValue> values_;
};

}  // namespace bplab
