#include "repo/scan.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ssi::repo {
namespace fs = std::filesystem;

Expected<ScanResult> scan_rpm_files(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    return bad_input(root.string() + ": not a directory (repository expected)");
  ScanResult result;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) return bad_input(root.string() + ": cannot read directory: " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      result.problems.push_back(it->path().string() + ": cannot read: " + ec.message());
      ec.clear();
      continue;
    }
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec) && it.depth() == 0 && (name == ".ssi-oscar" || name == "repodata")) {
      it.disable_recursion_pending();
      continue;
    }
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".rpm") != 0) continue;
    struct stat st{};
    if (::stat(it->path().c_str(), &st) != 0) {
      result.problems.push_back(it->path().string() + ": cannot stat: " + std::strerror(errno));
      continue;
    }
    if (!S_ISREG(st.st_mode)) continue;
    // lexically_relative: fs::relative would resolve symlinks with several syscalls per file.
    result.files.push_back({it->path().lexically_relative(root).generic_string(),
                            static_cast<std::uint64_t>(st.st_size),
                            st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec,
                            static_cast<std::uint64_t>(st.st_ino)});
  }
  std::sort(result.files.begin(), result.files.end(),
            [](const ScannedFile& a, const ScannedFile& b) { return a.location < b.location; });
  return result;
}

}  // namespace ssi::repo
