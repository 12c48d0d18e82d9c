#pragma once
// Reads a Debian binary package (.deb) with libarchive: the ar members, control.tar.* (control
// fields, conffiles, maintainer scripts) and the entries of data.tar.* with modes and owners.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "debimport/deb_control.hpp"
#include "util/error.hpp"

namespace ssi::debimport {

struct DebEntry {
  std::string path;  // absolute: "/usr/bin/less"
  enum class Kind { file, dir, symlink, hardlink } kind = Kind::file;
  unsigned mode = 0;  // permission bits, setuid/setgid/sticky included
  std::string owner = "root", group = "root";
  std::string link;  // symlink target, or the path a hard link points at
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
};

struct DebPackage {
  std::filesystem::path file;
  ControlFields control;
  std::vector<std::string> conffiles;                // absolute paths
  std::map<std::string, std::string> scripts;        // preinst, postinst, prerm, postrm, config, triggers…
  std::vector<DebEntry> entries;                     // in archive order
};

// A damaged or foreign file is an error naming it and what is wrong (exit 2).
Expected<DebPackage> read_deb(const std::filesystem::path& file);

}  // namespace ssi::debimport
