#pragma once
// Reads the rpmdb of an image root (ROOT/var/lib/rpm): what is installed there, as records.
#include <filesystem>
#include <vector>

#include "rpm/package_record.hpp"
#include "util/error.hpp"

namespace ssi::rpm {

// Sorted by name; an empty list for a root without an rpmdb.
Expected<std::vector<PackageRecord>> read_installed(const std::filesystem::path& root);

}  // namespace ssi::rpm
