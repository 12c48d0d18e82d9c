#pragma once
// A suite's InRelease: its signature checked with the distribution's keyring (gpgv), then the
// SHA256 list of the index files it vouches for. Everything else the tool reads from the suite
// (Packages, then each .deb) is checked against a digest from this file.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "util/error.hpp"

namespace ssi::distro {

struct IndexEntry {
  std::string sha256;
  std::uint64_t size = 0;
};

struct ReleaseFile {
  std::string suite, codename, version, date;
  std::map<std::string, IndexEntry> sha256;  // by path below dists/SUITE/
};

// The signed text of `in_release` as gpgv verified it (exit 2 naming the file and gpgv's words
// when the signature is bad, missing or by a key outside `keyring`).
Expected<std::string> verified_release_text(const std::filesystem::path& in_release, const std::filesystem::path& keyring,
                                            const std::filesystem::path& log);
// The fields of a Release text (already verified); exit 2 naming `file` without a SHA256 list.
Expected<ReleaseFile> parse_release(const std::string& text, const std::filesystem::path& file);

}  // namespace ssi::distro
