#pragma once
// The upstream Kerrighed 3.0.0 sources (linux-2.6.30.tar.xz, kerrighed-3.0.0-kernel.patch,
// kerrighed-3.0.0.tar.gz) and the real packages built from them, once per build tree and shared
// by the test processes (a lock and the build cache). The sources come from
// $SSI_OSCAR_UPSTREAM_SOURCES or ../shared/sources beside the checkout; without them the tests
// that need them skip with one line (no install script can provide them).
#include <filesystem>
#include <optional>
#include <string>

namespace ssi::test {

// The folder holding all three files, or nullopt with the reason in `why`.
std::optional<std::filesystem::path> upstream_sources(std::string& why);

// The repository holding linux-krg, kerrighed-module and linux-krg-source built by
// kernels/linux-krg.toml: with this host's toolchain, or for `distro` (distros/NAME.toml) in
// its build root (support/build_roots.hpp). A failed build throws: the calling test fails, it
// does not skip.
std::filesystem::path upstream_kernel_repo(const std::filesystem::path& sources, const std::string& distro = "");

// The repository holding recipes/kerrighed and recipes/ssi-oscar built from the release tarball
// (likewise); `oscar_out` receives their OSCAR package trees.
std::filesystem::path upstream_userland_repo(const std::filesystem::path& sources, const std::string& distro = "");

// The repository holding recipes/jobs (the bag of tasks and MPI pi both kinds of cluster run),
// built for the distribution like the userland; it needs no upstream sources.
std::filesystem::path jobs_repo(const std::string& distro = "");
std::filesystem::path upstream_oscar_packages(const std::string& distro);

}  // namespace ssi::test
