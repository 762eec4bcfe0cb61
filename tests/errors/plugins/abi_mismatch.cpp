// A test-only plugin that reports ABI version 99, as a library built against a future SDK would.
// The exports are written out by hand, because BPLAB_ACTIVATION always reports the ABI version
// of the SDK it is compiled with.
#include <cmath>
#include <cstdint>

#include <bplab/plugin.hpp>

namespace {

struct Softsign {
    double value(double z) const { return z / (1.0 + std::abs(z)); }
    double derivative(double z, double) const { return 1.0 / ((1.0 + std::abs(z)) * (1.0 + std::abs(z))); }
};

std::uint32_t future_abi_version() { return 99; }

bplab::Manifest future_manifest() {
    bplab::Manifest result{.name = "future", .version = "1.0.0", .summary = "built for ABI 99 (tests only)"};
    result.kind = bplab::PluginKind::activation;
    result.abi_version = 99;
    return result;
}

std::unique_ptr<bplab::Activation> create_future(const bplab::Options& options) {
    return bplab::make_activation<Softsign>(options);
}

}  // namespace

BOOST_DLL_ALIAS(future_abi_version, bplab_abi_version)
BOOST_DLL_ALIAS(future_manifest, bplab_manifest)
BOOST_DLL_ALIAS(create_future, bplab_create_activation)
