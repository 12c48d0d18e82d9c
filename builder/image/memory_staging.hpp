#pragma once
// Where an image build installs a root tree it does not keep. Such a tree is written once, read
// back by the packers and removed: on a memory file system its thousands of small files cost no
// disk writes, and the next build does not wait on the last one's writeback (docs/performance.md,
// the image row).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace ssi::image {

struct MemoryFileSystem {
  bool is_tmpfs = false;
  bool writable = false;
  bool allows_exec = false;  // the packages' scriptlets run chrooted in the tree
  std::uint64_t free_bytes = 0;
};

// What statfs and statvfs say of `dir`; nullopt when it cannot be read.
std::optional<MemoryFileSystem> memory_file_system(const std::filesystem::path& dir);

// Room for the tree twice over: the resolve's installed size leaves out what the scriptlets and
// the base files add, and a second build may run beside this one.
bool fits_in_memory(const MemoryFileSystem& memory, std::uint64_t tree_bytes);

// Whether `dir` is a folder (not a link) of this user's that no one else can write; made (0700)
// when it does not exist.
bool owned_private_folder(const std::filesystem::path& dir);

// A path in this user's folder under `memory_dir` for the tree of image `name`, with any tree left
// there by a killed build removed first; nullopt when the file system cannot take it, or the folder
// is not this user's alone (the tree then stays on disk).
std::optional<std::filesystem::path> memory_staging_root(const std::filesystem::path& memory_dir,
                                                          const std::string& name, std::uint64_t tree_bytes);

}  // namespace ssi::image
