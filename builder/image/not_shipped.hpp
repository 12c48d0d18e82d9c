#pragma once
// Packages an image installs for their dependents' sake but does not ship (`not_shipped`, name
// globs): Debian 13's Open MPI pulls in UCX, whose package depends on AMD's GPU runtime and, through
// it, LLVM (230 MiB), which UCX loads only on a node with such a GPU. The packages stay in the
// image's rpmdb, so the transaction and `rpm -q` are as before; their files leave the tree, like a
// docs-less install. A file another shipped package also owns stays.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "rpm/package_record.hpp"
#include "util/error.hpp"

namespace ssi::image {

struct NotShipped {
  std::vector<std::string> packages;   // installed packages a glob named, by name
  std::vector<std::string> unmatched;  // globs that named no installed package
  std::uint64_t files = 0, bytes = 0;  // what left the tree (bytes: regular files' sizes)
};

// Removes from ROOT the files of the installed packages whose name matches one of `globs`, then
// their folders that are left empty.
Expected<NotShipped> leave_out_packages(const std::filesystem::path& root, const std::vector<PackageRecord>& installed,
                                        const std::vector<std::string>& globs);

}  // namespace ssi::image
