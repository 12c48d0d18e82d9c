#include "image/not_shipped.hpp"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <set>

#include "util/root_path.hpp"

namespace ssi::image {
namespace fs = std::filesystem;

Expected<NotShipped> leave_out_packages(const fs::path& root, const std::vector<PackageRecord>& installed,
                                        const std::vector<std::string>& globs) {
  NotShipped out;
  std::set<std::string> used_globs;
  const auto named = [&](const std::string& name) {
    bool any = false;
    for (const auto& g : globs)
      if (::fnmatch(g.c_str(), name.c_str(), 0) == 0) {
        used_globs.insert(g);
        any = true;
      }
    return any;
  };
  TreePaths tree(root);
  std::set<std::string> shipped;        // every path a shipped package owns
  std::set<std::string> files, folders;  // the paths of the packages left out
  for (const auto& package : installed) {
    const bool leave_out = named(package.name);
    if (leave_out) out.packages.push_back(package.name);
    for (const auto& file : package.files) {
      std::string path = tree.relative(file.path);
      if (path.empty() || path == ".") continue;
      if (!leave_out) shipped.insert(std::move(path));
      else (file.kind == FileKind::dir ? folders : files).insert(std::move(path));
    }
  }
  for (const auto& g : globs)
    if (!used_globs.count(g)) out.unmatched.push_back(g);

  for (const auto& path : files) {
    if (shipped.count(path)) continue;
    const fs::path host = root / path;
    struct stat st {};
    if (::lstat(host.c_str(), &st) != 0) continue;  // a ghost, or removed by a scriptlet
    if (S_ISDIR(st.st_mode)) {
      folders.insert(path);
      continue;
    }
    std::error_code ec;
    fs::remove(host, ec);
    if (ec) return step_failed(host.string() + ": cannot be left out of the image: " + ec.message());
    ++out.files;
    if (S_ISREG(st.st_mode)) out.bytes += static_cast<std::uint64_t>(st.st_size);
  }
  // Deepest first, so a folder's emptied subfolders go before it; a folder that still holds
  // something (another package's file, a file made after install) stays.
  for (auto it = folders.rbegin(); it != folders.rend(); ++it) {
    std::error_code ec;
    if (shipped.count(*it) || !fs::is_directory(fs::symlink_status(root / *it, ec))) continue;
    if (fs::is_empty(root / *it, ec) && !ec) fs::remove(root / *it, ec);
  }
  std::sort(out.packages.begin(), out.packages.end());
  return out;
}

}  // namespace ssi::image
