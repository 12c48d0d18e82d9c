#pragma once
// Packs an image root into one archive with libarchive: cpio newc (an initramfs the kernel
// unpacks, as diskless PXE boots use) or tar, compressed with zstd (libzstd: worker threads,
// long-distance window) or gzip.
// Reproducible: entries sorted by path, times set to one epoch, inode numbers renumbered in
// order, no user or group names (numeric owners only).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "util/progress.hpp"

namespace ssi::image {

enum class ArchiveFormat { cpio_newc, tar };
// zstd unless the kernel that unpacks the archive predates it (Linux < 5.9): then gzip.
enum class Compression { zstd, gzip };

struct PackOptions {
  ArchiveFormat format = ArchiveFormat::cpio_newc;
  int level = 3;            // zstd level (gzip uses its default, 6)
  unsigned threads = 1;     // zstd worker threads
  std::int64_t mtime = 0;   // every entry's time (SOURCE_DATE_EPOCH)
  ShowProgress progress = ShowProgress::no;
  Compression compression = Compression::zstd;
  int window_log = 0;       // zstd long-distance matching over 2^window_log bytes; 0: off
};

// Every path under `root`, relative to it, sorted: the order archives hold them in.
std::vector<std::string> tree_paths(const std::filesystem::path& root);

// Writes `out` through a temporary name; returns its size in bytes.
Expected<std::uint64_t> pack_tree(const std::filesystem::path& root, const std::filesystem::path& out,
                                  const PackOptions& options);
// The same for some of the tree's paths (relative, sorted; their folders need not be among them).
Expected<std::uint64_t> pack_paths(const std::filesystem::path& root, const std::vector<std::string>& paths,
                                   const std::filesystem::path& out, const PackOptions& options);

}  // namespace ssi::image
