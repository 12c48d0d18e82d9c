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

struct ArchivePackage {
  std::string name, version, arch;
  std::string filename;  // below the archive's root: pool/main/d/dash/dash_0.5.12-2_amd64.deb
  std::string sha256;
  std::uint64_t size = 0;  // of the .deb, once it is in the cache (libsolv does not keep Size:)
  std::string reason;  // "requested", or libsolv's "needed by NAME-VERSION.ARCH for CAPABILITY"
};

// `indexes`: Packages files, compressed or not (by their names' suffix). `arch`: dpkg's (amd64).
// Exit 3 when a name is unknown (all of them named) or the list cannot be installed together
// (libsolv's problems in plain words).
Expected<std::vector<ArchivePackage>> resolve_closure(const std::vector<std::filesystem::path>& indexes,
                                                      const std::string& arch, const std::vector<std::string>& names,
                                                      const std::string& where);

}  // namespace ssi::distro
