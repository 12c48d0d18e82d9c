#pragma once
// Finds the .rpm files of a /tftpboot/rpm-style directory tree, with what stat() says of them.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::repo {

struct ScannedFile {
  std::string location;  // relative to the repository root, '/'-separated
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
  bool operator==(const ScannedFile&) const = default;
};

struct ScanResult {
  std::vector<ScannedFile> files;      // sorted by location
  std::vector<std::string> problems;   // unreadable entries, one line each
};

// The toolchain's own folders (.ssi-oscar, repodata) are not part of the package set.
Expected<ScanResult> scan_rpm_files(const std::filesystem::path& root);

}  // namespace ssi::repo
