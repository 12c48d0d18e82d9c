#include "image/tree_stats.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <set>

namespace ssi::image {
namespace fs = std::filesystem;

TreeStats tree_stats(const fs::path& root, std::size_t largest_count) {
  TreeStats stats;
  std::set<std::pair<dev_t, ino_t>> seen;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || S_ISDIR(st.st_mode)) continue;
    ++stats.files;
    if (!S_ISREG(st.st_mode) || !seen.insert({st.st_dev, st.st_ino}).second) continue;
    const auto size = static_cast<std::uint64_t>(st.st_size);
    std::string rel = "/";
    rel.append(it->path().lexically_relative(root).generic_string());
    stats.bytes += size;
    stats.directories[rel.substr(0, rel.find('/', 1))] += size;
    stats.largest.push_back({rel, size});
  }
  std::sort(stats.largest.begin(), stats.largest.end(),
            [](const LargeFile& a, const LargeFile& b) { return a.size != b.size ? a.size > b.size : a.path < b.path; });
  if (stats.largest.size() > largest_count) stats.largest.resize(largest_count);
  return stats;
}

}  // namespace ssi::image
