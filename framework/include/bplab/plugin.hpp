// The one header a plugin includes. It brings the three plugin interfaces and the export macros
// that make a shared library loadable by the runner.
//
// A plugin library exports three symbols through Boost.DLL aliases:
//   bplab_abi_version   std::uint32_t()           read first, so a mismatch is caught before
//                                                  any SDK type crosses the library boundary
//   bplab_manifest      bplab::Manifest()
//   bplab_create_<kind> std::unique_ptr<bplab::Activation|Optimizer|Dataset>(const bplab::Options&)
#pragma once

#include <cstdint>
#include <memory>

// Boost.DLL provides BOOST_DLL_ALIAS, which exports a symbol under a fixed name in a section the
// loader can enumerate.
#include <boost/dll/alias.hpp>

#include "bplab/activation.hpp"
#include "bplab/dataset.hpp"
#include "bplab/manifest.hpp"
#include "bplab/optimizer.hpp"

namespace bplab::detail {

inline std::uint32_t plugin_abi_version() { return BPLAB_ABI_VERSION; }

}  // namespace bplab::detail

// The manifest fields follow the type name as designated initializers, for example
//   BPLAB_ACTIVATION(Tanh, .name = "tanh", .summary = "hyperbolic tangent")
#define BPLAB_DETAIL_EXPORT(KIND, INTERFACE, MAKE, TYPE, ...)                                     \
    namespace bplab_plugin_exports {                                                           \
    static ::bplab::Manifest manifest() {                                                      \
        ::bplab::Manifest result{__VA_ARGS__};                                                 \
        result.kind = ::bplab::PluginKind::KIND;                                               \
        result.abi_version = BPLAB_ABI_VERSION;                                                \
        return result;                                                                         \
    }                                                                                          \
    static std::unique_ptr<::bplab::INTERFACE> create(const ::bplab::Options& options) {       \
        return ::bplab::MAKE<TYPE>(options);                                                   \
    }                                                                                          \
    }                                                                                          \
    BOOST_DLL_ALIAS(::bplab::detail::plugin_abi_version, bplab_abi_version)                    \
    BOOST_DLL_ALIAS(bplab_plugin_exports::manifest, bplab_manifest)                            \
    BOOST_DLL_ALIAS(bplab_plugin_exports::create, bplab_create_##KIND)

// Exports an activation: TYPE is either a scalar function object with value(z) and
// derivative(z, a), or a class derived from bplab::Activation.
#define BPLAB_ACTIVATION(TYPE, ...) BPLAB_DETAIL_EXPORT(activation, Activation, make_activation, TYPE, __VA_ARGS__)

// Exports an optimizer: TYPE derives from bplab::Optimizer and is constructible from Options.
#define BPLAB_OPTIMIZER(TYPE, ...) BPLAB_DETAIL_EXPORT(optimizer, Optimizer, make_optimizer, TYPE, __VA_ARGS__)

// Exports a dataset: TYPE derives from bplab::Dataset and is constructible from Options.
#define BPLAB_DATASET(TYPE, ...) BPLAB_DETAIL_EXPORT(dataset, Dataset, make_dataset, TYPE, __VA_ARGS__)
