#include "image/memory_staging.hpp"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>

#include "util/fs.hpp"

namespace ssi::image {
namespace fs = std::filesystem;

std::optional<MemoryFileSystem> memory_file_system(const fs::path& dir) {
  struct statfs type {};
  struct statvfs space {};
  if (::statfs(dir.c_str(), &type) != 0 || ::statvfs(dir.c_str(), &space) != 0) return std::nullopt;
  MemoryFileSystem m;
  m.is_tmpfs = type.f_type == TMPFS_MAGIC;
  m.writable = (space.f_flag & ST_RDONLY) == 0 && ::access(dir.c_str(), W_OK | X_OK) == 0;
  m.allows_exec = (space.f_flag & ST_NOEXEC) == 0;
  m.free_bytes = static_cast<std::uint64_t>(space.f_bavail) * space.f_frsize;
  return m;
}

bool fits_in_memory(const MemoryFileSystem& memory, std::uint64_t tree_bytes) {
  return memory.is_tmpfs && memory.writable && memory.allows_exec && memory.free_bytes / 2 >= tree_bytes;
}

bool owned_private_folder(const fs::path& dir) {
  struct stat st {};
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return false;
  // lstat: a link planted there by another user must not lead the install (as root) elsewhere.
  return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & 022) == 0;
}

std::optional<fs::path> memory_staging_root(const fs::path& memory_dir, const std::string& name,
                                            std::uint64_t tree_bytes) {
  // No folder is made on a file system that could never take the tree.
  if (const auto where = memory_file_system(memory_dir); !where || !where->is_tmpfs) return std::nullopt;
  // The file system is shared: only a folder this user made, and no one else can write, is used.
  const fs::path dir = memory_dir / ("ssi-oscar-" + std::to_string(::geteuid()));
  if (!owned_private_folder(dir)) return std::nullopt;
  remove_stale_temporaries(dir);  // before measuring: a killed build's tree holds memory
  const auto memory = memory_file_system(memory_dir);
  if (!memory || !fits_in_memory(*memory, tree_bytes)) return std::nullopt;
  return fs::path(temporary_name(dir / name, "staging"));
}

}  // namespace ssi::image
