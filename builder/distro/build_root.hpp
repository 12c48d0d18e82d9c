#pragma once
// A distribution's build root: a clean system of the distribution's own suite holding its
// toolchain (mmdebstrap's buildd variant: the Essential packages, build-essential and apt, plus
// the definition's build_packages), made once and cached by the hash of its package set.
//
// mmdebstrap, not the tool's own image machinery: a build root must be the distribution as its
// maintainers' scripts leave it (alternatives, diversions, gcc's links), which only dpkg itself
// makes; images run without maintainer scripts by design. Builds never write into a root: they
// see it through an overlay (rpm/build_root_shell.hpp).
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "distro/distro_definition.hpp"
#include "distro/distro_fetch.hpp"
#include "recipe/builder.hpp"
#include "util/error.hpp"

namespace ssi::distro {

struct BuildRoot {
  std::filesystem::path dir;
  std::string id;  // debian-13-<the package set's sha256, 16 hex digits>: names dir
  std::vector<std::pair<std::string, std::string>> packages;  // name, version, as dpkg installed them
  std::string compiler;  // the package /usr/bin/gcc comes from, with its version: gcc-14 14.2.0-19
  bool made = false;     // false: taken from the cache
  double seconds = 0;    // making it
  std::filesystem::path log;  // mmdebstrap's output

  // For build logs and build info: the root, its compiler and every package with its version.
  std::string description(const std::string& distro) const;
};

// The root for the distribution's current package set, from the cache (keyed by the suites'
// signed indexes and the package list, which decide the set) or made now. Roots live in
// CACHE/build-roots/ (CACHE: options.cache); the suites come from options.mirror or the host's
// apt sources, as for `distro fetch`.
Expected<BuildRoot> build_root(const Distro& distro, const FetchOptions& options);

// Reads a made root's record (CACHE/build-roots/ID.packages).
Expected<BuildRoot> read_build_root(const std::filesystem::path& record);

// Builds for the distribution: its release tag, and steps run in `root` (recorded in every log and
// build info), or with this host's toolchain when the host runs the distribution (said likewise).
void build_in_root(const Distro& distro, const BuildRoot& root, recipe::BuildOptions& options);
void build_on_host(const Distro& distro, recipe::BuildOptions& options);

// Whether this machine runs the distribution (/etc/os-release's VERSION_CODENAME is its suite).
bool is_host_distribution(const Distro& distro, const std::filesystem::path& os_release = "/etc/os-release");

}  // namespace ssi::distro
