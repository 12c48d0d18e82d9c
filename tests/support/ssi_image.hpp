#pragma once
// The SSI compute image made of real parts, assembled once per build tree and shared by the
// test processes: a distribution's packages of a compute node (downloaded once, imported as
// RPMs), Kerrighed's userland and linux-krg built from the upstream sources, ssi-oscar's node
// service, the jobs both kinds of cluster run (recipes/jobs), the image's userland and cluster
// checks (images/checks) and a two-node Kerrighed cluster.
#include <filesystem>
#include <string>

namespace ssi::test {

// The image folder. "" is this host's distribution (Debian 12: its apt and its toolchain);
// another (debian-13) comes from `distro fetch` and is built in its build root. A failed step
// throws: the calling test fails.
std::filesystem::path ssi_image(const std::filesystem::path& upstream_sources, const std::string& distro = "");

// The OSCAR side of the same comparison, for this host's distribution: the same node packages and
// the jobs (recipes/jobs, its test_root where `cluster test --suite jobs` looks), on Debian's own
// kernel (`debian_kernel_repo`) slimmed to the network card's driver and the NFS client; no Kerrighed.
std::filesystem::path oscar_jobs_image(const std::filesystem::path& kernel_repo);

}  // namespace ssi::test
