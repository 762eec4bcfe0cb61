#include "subcommand.hpp"

namespace bplab::runner {

std::map<std::string, Subcommand>& subcommands() {
    // A function-local static, so registrations from other files' static initialisers find it
    // constructed whatever the initialisation order.
    static std::map<std::string, Subcommand> table;
    return table;
}

}  // namespace bplab::runner
