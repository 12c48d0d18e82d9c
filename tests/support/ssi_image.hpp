#pragma once
// The SSI compute image made of real parts, assembled once per build tree and shared by the
// test processes: Debian 12's packages of a compute node (downloaded once, imported as RPMs),
// Kerrighed's userland and linux-krg built from the upstream sources, ssi-oscar's node service,
// the image's userland and cluster checks (images/checks) and a two-node Kerrighed cluster.
#include <filesystem>

namespace ssi::test {

// The image folder. A failed step throws: the calling test fails.
std::filesystem::path ssi_image(const std::filesystem::path& upstream_sources);

}  // namespace ssi::test
