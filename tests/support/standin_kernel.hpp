#pragma once
// A kernel definition shaped like kernels/linux-krg over the stand-in Linux 2.6.30 and Kerrighed
// trees of tests/fixtures: a build of seconds that goes through everything `kernel build` does.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "support/process.hpp"

namespace ssi::test {

// A series patch of the stand-in's init/main.c whose first line says why, as the project's do.
extern const char* const kBannerPatch;

struct Kernels {
  std::filesystem::path dir;
  std::filesystem::path definition;  // DIR/krg-standin.toml (kernel "krg-standin", package linux-krg)
};

// A kernels folder holding the definition and its series; `build_root` is a [build] line or "".
Kernels write_kernels(const std::filesystem::path& dir, const std::vector<std::pair<std::string, std::string>>& series,
                      const std::string& build_root = "");

// The stand-in linux-2.6.30.tar.bz2 and kerrighed-3.0.0.tar.gz the definition builds from, into `dir`.
RunResult pack_standin_kernel_sources(const std::filesystem::path& dir);

}  // namespace ssi::test
