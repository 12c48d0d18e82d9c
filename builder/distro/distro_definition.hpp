#pragma once
// A target distribution as data (distros/NAME.toml): which suite of the Debian archive, which
// components and architectures, the keyring its Release file is checked with, and the tag the
// release of every package built for it ends with.
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::distro {

// Packages the distribution no longer has, taken from another suite of the archive (an older
// release's binaries): only those packages of that suite count, and the reason is reported.
struct Borrowed {
  std::string suite;  // bookworm
  std::vector<std::string> packages;
  std::string reason;
};

struct Distro {
  std::string name;     // debian-13: names folders (repositories, caches)
  std::string summary;
  std::string suite;    // trixie
  // Suites whose packages supersede the release's (point updates, security): trixie-updates,
  // trixie-security. The closure takes the newest version any of them has.
  std::vector<std::string> updates;
  std::vector<std::string> components;     // main
  std::vector<std::string> architectures;  // amd64 (Architecture: all packages are in its index)
  std::filesystem::path keyring;           // OpenPGP keys the InRelease signature must verify with
  std::string release_tag;                 // deb13
  // What its build roots hold besides the buildd set (Essential, build-essential, apt): the
  // tools the project's recipes and kernels build with (bc, cpio, kmod, ...).
  std::vector<std::string> build_packages;
  std::vector<Borrowed> borrowed;  // [[borrow]]
  // Its base-files makes /bin, /sbin, /lib and /lib64 links into /usr (Debian 13): packages of
  // another release (borrowed ones) have their files there moved under /usr when imported.
  bool merged_usr = false;
  std::filesystem::path file;
};

// Every bad field of the file at once, as FILE:LINE: FIELD: what (exit 2).
Expected<Distro> load_distro(const std::filesystem::path& file);
// A name (DIR/NAME.toml, or the definition whose name it is) or a path to a definition.
Expected<Distro> find_distro(const std::filesystem::path& distros_dir, const std::string& name_or_file);
Expected<std::vector<Distro>> load_distros(const std::filesystem::path& distros_dir);

}  // namespace ssi::distro
