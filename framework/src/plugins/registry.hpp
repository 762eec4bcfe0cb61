// Discovery and loading of plugin libraries with Boost.DLL. The registry owns every loaded
// library and must outlive every object a plugin created, because the code of those objects
// (their virtual functions and destructors) lives in the library.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include "bplab/plugin.hpp"

namespace bplab::plugins {

struct Plugin {
    Manifest manifest;
    std::filesystem::path file;
    std::shared_ptr<boost::dll::shared_library> library;
};

// A library that was found but could not be used, and why.
struct LoadProblem {
    std::filesystem::path file;
    std::string reason;
};

class Registry {
public:
    // Loads one library and returns its plugin. Throws bplab::Error naming the file when it is
    // not a shared library, has no manifest, or was built against another ABI version.
    static Plugin load_file(const std::filesystem::path& file);

    // Loads every shared library (*.so) in `folder`, in name order. A library that cannot be
    // loaded is remembered in problems(); a second plugin of a kind and name already known is
    // remembered in warnings() and not used, so earlier folders take precedence.
    void add_folder(const std::filesystem::path& folder);

    // Loads one library given explicitly; errors are thrown, not remembered.
    void add_file(const std::filesystem::path& file);

    // Returns the plugin of this kind and name, or nullptr.
    const Plugin* find(PluginKind kind, const std::string& name) const;

    // Returns the names of the plugins of one kind, sorted.
    std::vector<std::string> names(PluginKind kind) const;

    const std::vector<Plugin>& plugins() const { return plugins_; }
    const std::vector<LoadProblem>& problems() const { return problems_; }
    const std::vector<std::string>& warnings() const { return warnings_; }

    std::unique_ptr<Activation> create_activation(const Plugin& plugin, const Options& options) const;
    std::unique_ptr<Optimizer> create_optimizer(const Plugin& plugin, const Options& options) const;
    std::unique_ptr<Dataset> create_dataset(const Plugin& plugin, const Options& options) const;

private:
    void add(Plugin plugin);

    std::vector<Plugin> plugins_;
    std::vector<LoadProblem> problems_;
    std::vector<std::string> warnings_;
};

// Returns the plugin folders in search order: each --plugins entry, each entry of
// BPLAB_PLUGIN_PATH (colon-separated), then lib/bplab/plugins beside the runner's bin folder.
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::string>& from_command_line,
                                                      const std::filesystem::path& executable);

}  // namespace bplab::plugins
