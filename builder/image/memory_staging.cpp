#include "image/memory_staging.hpp"

#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

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

std::optional<fs::path> memory_staging_root(const fs::path& memory_dir, const std::string& name,
                                            std::uint64_t tree_bytes) {
  const auto memory = memory_file_system(memory_dir);
  if (!memory || !fits_in_memory(*memory, tree_bytes)) return std::nullopt;
  // Per user: another user's folder there is not ours to write or clean.
  const fs::path dir = memory_dir / ("ssi-oscar-" + std::to_string(::geteuid()));
  if (!ensure_directory(dir) || ::access(dir.c_str(), W_OK) != 0) return std::nullopt;
  remove_stale_temporaries(dir);
  return fs::path(temporary_name(dir / name, "staging"));
}

}  // namespace ssi::image
