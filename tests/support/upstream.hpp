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
// kernels/linux-krg.toml. A failed build throws: the calling test fails, it does not skip.
std::filesystem::path upstream_kernel_repo(const std::filesystem::path& sources);

// The repository holding recipes/kerrighed built from the release tarball (throws likewise).
std::filesystem::path upstream_userland_repo(const std::filesystem::path& sources);

}  // namespace ssi::test
