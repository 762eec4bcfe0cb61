#include "subcommand.hpp"

#include <iostream>

#include <boost/program_options.hpp>

namespace bplab::runner {

std::map<std::string, Subcommand>& subcommands() {
    // A function-local static, so registrations from other files' static initialisers find it
    // constructed whatever the initialisation order.
    static std::map<std::string, Subcommand> table;
    return table;
}

bool parse_subcommand_arguments(const std::string& name, const SubcommandContext& context,
                                const boost::program_options::options_description& options,
                                std::vector<std::string>& positional) {
    namespace po = boost::program_options;
    po::options_description visible("Options");
    visible.add_options()("help,h", "print this help and exit");
    visible.add(options);
    po::options_description all;
    all.add(visible).add_options()("positional", po::value<std::vector<std::string>>(&positional));
    po::positional_options_description positions;
    positions.add("positional", -1);

    po::variables_map values;
    po::store(po::command_line_parser(context.arguments).options(all).positional(positions).run(), values);
    po::notify(values);
    if (values.count("help")) {
        const Subcommand& subcommand = subcommands().at(name);
        std::cout << "Usage: " << subcommand.usage << "\n" << subcommand.summary << "\n\n" << visible;
        return false;
    }
    return true;
}

}  // namespace bplab::runner
