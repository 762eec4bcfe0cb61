// libFuzzer target for the experiment loader: YAML text through load_experiment_text, then every
// grid point resolved against the plugins of this build. Any bplab::Error is an accepted
// outcome; a crash, a sanitizer report, a hang or another exception type is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "experiment/experiment.hpp"
#include "plugins/registry.hpp"

namespace {

const bplab::plugins::Registry& built_plugins() {
    static const bplab::plugins::Registry registry = [] {
        bplab::plugins::Registry r;
        r.add_folder(BPLAB_PLUGIN_DIR);
        return r;
    }();
    return registry;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto& registry = built_plugins();
    try {
        const auto experiment = bplab::experiment::load_experiment_text(text, "fuzz.yaml", {});
        // Resolving is linear in the number of grid points; larger grids only repeat the work.
        if (bplab::experiment::count_points(experiment) <= 256)
            bplab::experiment::resolve_points(experiment, registry);
    } catch (const bplab::Error&) {
    }
    return 0;
}
