#pragma once
// Reads one .rpm file into a PackageRecord with librpm, and checks that the payload is whole.
#include <cstddef>
#include <filesystem>
#include <string>

#include "rpm/package_record.hpp"
#include "util/error.hpp"

namespace ssi::rpm {

// A file is read in pieces this large; most packages fit in the first one, so that one read
// serves the header range and both digests (system calls count over thousands of packages).
inline constexpr std::size_t kReadPiece = std::size_t{4} << 20;

// `location` is the path recorded for the package (relative to its repository).
// Fails with a one-line reason for a corrupt, truncated, empty or non-RPM file.
Expected<PackageRecord> read_package(const std::filesystem::path& file, const std::string& location);

}  // namespace ssi::rpm
