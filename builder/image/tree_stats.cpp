#include "image/tree_stats.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <set>

namespace ssi::image {
namespace fs = std::filesystem;

namespace {

// "" for an ordinary file.
std::string special_kind(const struct stat& st) {
  const auto device = [&](const char* what) {
    return std::string(what) + " " + std::to_string(major(st.st_rdev)) + ":" + std::to_string(minor(st.st_rdev));
  };
  if (S_ISCHR(st.st_mode)) return device("character device");
  if (S_ISBLK(st.st_mode)) return device("block device");
  if (S_ISFIFO(st.st_mode)) return "fifo";
  if (S_ISSOCK(st.st_mode)) return "socket";
  if (S_ISLNK(st.st_mode)) return "";
  std::string kind;
  if (st.st_mode & S_ISUID) kind = "setuid";
  if (st.st_mode & S_ISGID) kind += kind.empty() ? "setgid" : " setgid";
  return kind;
}

}  // namespace

TreeStats tree_stats(const fs::path& root, std::size_t largest_count) {
  TreeStats stats;
  std::set<std::pair<dev_t, ino_t>> seen;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || S_ISDIR(st.st_mode)) continue;
    ++stats.files;
    if (std::string kind = special_kind(st); !kind.empty())
      stats.special.push_back({"/" + it->path().lexically_relative(root).generic_string(), std::move(kind),
                               static_cast<unsigned>(st.st_mode & 07777)});
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
  std::sort(stats.special.begin(), stats.special.end(),
            [](const SpecialFile& a, const SpecialFile& b) { return a.path < b.path; });
  return stats;
}

}  // namespace ssi::image
