#include "plugin_loading.hpp"

#include <fmt/format.h>

namespace bplab::runner {

plugins::Registry load_registry(const std::vector<std::string>& plugin_dirs, const std::filesystem::path& executable,
                                bool quiet) {
    plugins::Registry registry;
    // A folder or library named with --plugins must exist; the other folders of the search path
    // are optional.
    for (const auto& entry : plugin_dirs) {
        std::error_code status;
        if (!std::filesystem::exists(entry, status))
            throw Error(ErrorKind::input, {entry, 0, 0}, "plugin file or folder not found (given with --plugins)");
    }
    for (const auto& entry : plugins::plugin_search_path(plugin_dirs, executable)) {
        std::error_code status;
        if (std::filesystem::is_regular_file(entry, status))
            registry.add_file(entry);
        else
            registry.add_folder(entry);
    }
    if (!quiet) {
        for (const auto& problem : registry.problems())
            fmt::print(stderr, "warning: {}: skipped: {}\n", problem.file.string(), problem.reason);
        for (const auto& warning : registry.warnings())
            fmt::print(stderr, "warning: {}\n", warning);
    }
    return registry;
}

}  // namespace bplab::runner
