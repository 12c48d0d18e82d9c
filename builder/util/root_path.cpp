#include "util/root_path.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <deque>
#include <string>
#include <vector>

namespace ssi {
namespace fs = std::filesystem;
namespace {

constexpr int kMaxLinks = 40;  // as the kernel's ELOOP limit

void push_front_components(std::deque<std::string>& pending, std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  pending.insert(pending.begin(), parts.begin(), parts.end());
}

}  // namespace

fs::path in_root(const fs::path& root, std::string_view path, FinalLink final_link) {
  if (final_link == FinalLink::keep) {  // the link itself: resolve its folder only
    const fs::path p(path);
    if (p.has_filename() && p.filename() != ".." && p.filename() != ".")
      return in_root(root, p.parent_path().string()) / p.filename();
  }
  std::deque<std::string> pending;
  push_front_components(pending, path);
  std::vector<std::string> resolved;
  int links = 0;
  const auto host_path = [&] {
    fs::path p = root;
    for (const auto& c : resolved) p /= c;
    return p;
  };
  while (!pending.empty()) {
    std::string part = std::move(pending.front());
    pending.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      if (!resolved.empty()) resolved.pop_back();
      continue;
    }
    resolved.push_back(part);
    const fs::path candidate = host_path();
    struct stat st {};
    if (::lstat(candidate.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) continue;
    if (links >= kMaxLinks) {  // a loop: where chroot would fail with ELOOP, stay in the root
      resolved.pop_back();
      continue;
    }
    std::string target(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 4096), '\0');
    const ssize_t n = ::readlink(candidate.c_str(), target.data(), target.size());
    if (n <= 0) continue;
    target.resize(static_cast<std::size_t>(n));
    ++links;
    resolved.pop_back();
    if (target.starts_with("/")) resolved.clear();
    push_front_components(pending, target);
  }
  return host_path();
}

std::string TreePaths::relative(std::string_view package_path) {
  const fs::path p = fs::path(package_path).relative_path();
  auto [it, fresh] = folders_.try_emplace(p.parent_path().generic_string());
  if (fresh) it->second = in_root(root_, it->first).lexically_relative(root_).generic_string();
  return it->second == "." || it->second.empty() ? p.filename().string() : it->second + "/" + p.filename().string();
}

}  // namespace ssi
