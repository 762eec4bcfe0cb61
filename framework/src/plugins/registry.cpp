#include "plugins/registry.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include <boost/dll/shared_library.hpp>
#include <boost/system/system_error.hpp>

namespace bplab::plugins {

namespace {

using AbiFunction = std::uint32_t();
using ManifestFunction = Manifest();

// Returns the dynamic loader's own reason from a Boost.DLL load error, whose text (Boost 1.81)
// reads "boost::dll::shared_library::load() failed (dlerror system message: FILE: REASON):
// ...", without the file name that the caller's message already shows. Returns the whole text
// when it has another form.
std::string loader_reason(const std::string& text, const std::string& file) {
    const std::string marker = "dlerror system message: ";
    const auto start = text.find(marker);
    const auto end = text.rfind("): ");
    if (start == std::string::npos || end == std::string::npos || end <= start)
        return text;
    std::string reason = text.substr(start + marker.size(), end - start - marker.size());
    if (reason.compare(0, file.size() + 2, file + ": ") == 0)
        reason.erase(0, file.size() + 2);
    return reason;
}

std::string factory_symbol(PluginKind kind) { return std::string("bplab_create_") + to_string(kind); }

template <class Interface>
std::unique_ptr<Interface> create(const Plugin& plugin, const Options& options) {
    using Factory = std::unique_ptr<Interface>(const Options&);
    auto& factory = plugin.library->get_alias<Factory>(factory_symbol(plugin.manifest.kind));
    return factory(options);
}

}  // namespace

Plugin Registry::load_file(const std::filesystem::path& file) {
    const std::string name = file.string();
    auto library = std::make_shared<boost::dll::shared_library>();
    try {
        library->load(boost::dll::fs::path(name), boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const boost::system::system_error& error) {
        throw Error(ErrorKind::input, {name, 0, 0}, "is not a shared library that can be loaded (" + loader_reason(error.what(), name) + ")");
    }

    if (!library->has("bplab_abi_version") || !library->has("bplab_manifest"))
        throw Error(ErrorKind::input, {name, 0, 0},
                    "is a shared library but not a Backprop Lab plugin: it exports no bplab_manifest "
                    "(build it with BPLAB_ACTIVATION, BPLAB_OPTIMIZER or BPLAB_DATASET)");

    const std::uint32_t abi = library->get_alias<AbiFunction>("bplab_abi_version")();
    if (abi != BPLAB_ABI_VERSION)
        throw Error(ErrorKind::input, {name, 0, 0},
                    "was built for plugin ABI version " + std::to_string(abi) + ", but this runner uses version " +
                        std::to_string(BPLAB_ABI_VERSION) + "; rebuild the plugin against this SDK");

    Plugin plugin;
    plugin.manifest = library->get_alias<ManifestFunction>("bplab_manifest")();
    plugin.file = file;
    if (plugin.manifest.name.empty())
        throw Error(ErrorKind::input, {name, 0, 0}, "the plugin's manifest has an empty name");
    if (!library->has(factory_symbol(plugin.manifest.kind)))
        throw Error(ErrorKind::input, {name, 0, 0},
                    "the manifest declares a " + std::string(to_string(plugin.manifest.kind)) +
                        " plugin, but the library exports no " + factory_symbol(plugin.manifest.kind));
    plugin.library = std::move(library);
    return plugin;
}

void Registry::add(Plugin plugin) {
    if (const Plugin* existing = find(plugin.manifest.kind, plugin.manifest.name)) {
        warnings_.push_back(std::string(to_string(plugin.manifest.kind)) + " plugin '" + plugin.manifest.name +
                            "' in " + plugin.file.string() + " is ignored: the one in " + existing->file.string() +
                            " is used, because its folder comes first in the plugin search path");
        return;
    }
    plugins_.push_back(std::move(plugin));
}

void Registry::add_folder(const std::filesystem::path& folder) {
    std::error_code status;
    if (!std::filesystem::is_directory(folder, status))
        return;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, status))
        if (entry.path().extension() == ".so")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        try {
            add(load_file(file));
        } catch (const Error& error) {
            problems_.push_back({file, error.message()});
        }
    }
}

void Registry::add_file(const std::filesystem::path& file) {
    std::error_code status;
    if (!std::filesystem::exists(file, status))
        throw Error(ErrorKind::input, {file.string(), 0, 0}, "plugin file or folder not found");
    add(load_file(file));
}

const Plugin* Registry::find(PluginKind kind, const std::string& name) const {
    for (const Plugin& plugin : plugins_)
        if (plugin.manifest.kind == kind && plugin.manifest.name == name)
            return &plugin;
    return nullptr;
}

std::vector<std::string> Registry::names(PluginKind kind) const {
    std::vector<std::string> result;
    for (const Plugin& plugin : plugins_)
        if (plugin.manifest.kind == kind)
            result.push_back(plugin.manifest.name);
    std::sort(result.begin(), result.end());
    return result;
}

std::unique_ptr<Activation> Registry::create_activation(const Plugin& plugin, const Options& options) const {
    return create<Activation>(plugin, options);
}

std::unique_ptr<Optimizer> Registry::create_optimizer(const Plugin& plugin, const Options& options) const {
    return create<Optimizer>(plugin, options);
}

std::unique_ptr<Dataset> Registry::create_dataset(const Plugin& plugin, const Options& options) const {
    return create<Dataset>(plugin, options);
}

std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::string>& from_command_line,
                                                      const std::filesystem::path& executable) {
    std::vector<std::filesystem::path> folders;
    for (const auto& entry : from_command_line)
        folders.emplace_back(entry);
    if (const char* env = std::getenv("BPLAB_PLUGIN_PATH")) {
        std::stringstream list(env);
        std::string entry;
        while (std::getline(list, entry, ':'))
            if (!entry.empty())
                folders.emplace_back(entry);
    }
    folders.push_back(executable.parent_path().parent_path() / "lib" / "bplab" / "plugins");
    return folders;
}

}  // namespace bplab::plugins
