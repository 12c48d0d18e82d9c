#pragma once
// A suite's binary package index (Packages files) in libsolv with dpkg's semantics, and the
// closure of a package list as the Debian archive defines it: Depends and Pre-Depends followed,
// Recommends left out, alternatives and virtual packages chosen by libsolv.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::distro {

// One suite's indexes: its packages' file names are relative to the suite's own archive.
struct PackageSource {
  std::string name;  // trixie-security
  std::vector<std::filesystem::path> indexes;
  // When set, only these packages of the source count (packages borrowed from another suite).
  std::vector<std::string> only;
};

struct ArchivePackage {
  std::string name, version, arch;
  std::size_t source = 0;  // which PackageSource it comes from
  std::string filename;  // below the archive's root: pool/main/d/dash/dash_0.5.12-2_amd64.deb
  std::string sha256;
  std::uint64_t size = 0;  // of the .deb, once it is in the cache (libsolv does not keep Size:)
  std::string reason;  // "requested", or libsolv's "needed by NAME-VERSION.ARCH for CAPABILITY"
};

// Indexes are Packages files, compressed or not (by their names' suffix); where several sources
// have a package, the newest version wins. `arch`: dpkg's (amd64). Exit 3 when a name is unknown
// (all of them named) or the list cannot be installed together (libsolv's problems in plain words).
Expected<std::vector<ArchivePackage>> resolve_closure(const std::vector<PackageSource>& sources, const std::string& arch,
                                                      const std::vector<std::string>& names, const std::string& where);

}  // namespace ssi::distro
