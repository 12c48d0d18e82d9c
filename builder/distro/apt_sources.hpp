#pragma once
// The host's apt sources (sources.list one-line entries and deb822 .sources files), read only to
// learn which Debian archive this machine uses: a distribution's suite is fetched from the same
// address, so no archive address is written into the project.
#include <filesystem>
#include <string>
#include <vector>

#include "distro/distro_definition.hpp"
#include "util/error.hpp"

namespace ssi::distro {

struct AptSource {
  std::vector<std::string> uris, suites, components;
  std::string signed_by;  // a keyring path, or "" (inline keys and no Signed-By alike)
  std::filesystem::path file;
};

// Binary ("deb") entries that are enabled; comments and deb-src entries are skipped.
std::vector<AptSource> parse_one_line_sources(const std::string& text, const std::filesystem::path& file);
std::vector<AptSource> parse_deb822_sources(const std::string& text, const std::filesystem::path& file);
// ETC/sources.list and ETC/sources.list.d/*.list and *.sources, as apt reads them.
std::vector<AptSource> host_apt_sources(const std::filesystem::path& etc_apt = "/etc/apt");

// The archive address for `distro`: an entry serving its components, one signed by the
// distribution's keyring first, and one listing a release suite (not -updates or -security)
// before the others. Exit 2 naming what was looked at when none fits.
Expected<std::string> choose_mirror(const std::vector<AptSource>& sources, const Distro& distro);
// Where `suite` of `distro` is served: an entry listing exactly that suite; for a -security suite
// an entry listing any -security suite (Debian serves them from an archive of their own); else
// `mirror`, the release suite's.
std::string suite_mirror(const std::vector<AptSource>& sources, const std::string& suite, const std::string& mirror);

}  // namespace ssi::distro
