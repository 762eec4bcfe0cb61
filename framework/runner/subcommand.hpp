// Subcommands of the runner (plugins, summarize, compare, ...). Each one lives in its own file
// and registers itself with a static Registration, so adding one is a new file in this folder
// and nothing else: main() looks the first argument up in this table.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <boost/program_options/options_description.hpp>

namespace bplab::runner {

// What every subcommand gets: its own arguments (everything after the subcommand's name, to
// parse with its own options) and the runner's executable path (to find built-in plugins).
struct SubcommandContext {
    std::vector<std::string> arguments;
    std::filesystem::path executable;
};

struct Subcommand {
    std::string usage;    // one line, such as "runner summarize DIR"
    std::string summary;  // what it does, one line
    std::function<int(const SubcommandContext&)> run;
};

// Parses a subcommand's arguments: the options in `options` plus any number of positional
// arguments, which go to `positional`. Adds --help, and returns false after printing the usage,
// summary and options when it is given.
bool parse_subcommand_arguments(const std::string& name, const SubcommandContext& context,
                                const boost::program_options::options_description& options,
                                std::vector<std::string>& positional);

// Returns the table of subcommands by name.
std::map<std::string, Subcommand>& subcommands();

// Registers a subcommand at static initialisation: `static Registration r{"name", {...}};`.
struct Registration {
    Registration(const std::string& name, Subcommand subcommand) { subcommands()[name] = std::move(subcommand); }
};

}  // namespace bplab::runner
