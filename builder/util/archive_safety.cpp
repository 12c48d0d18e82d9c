#include "util/archive_safety.hpp"

#include <set>

namespace ssi {
namespace {

constexpr std::size_t kPathMax = 4095, kNameMax = 255;  // Linux's PATH_MAX - 1 and NAME_MAX

std::vector<std::string> components(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    if (std::string part = name.substr(start, end - start); !part.empty() && part != ".") parts.push_back(part);
    start = end + 1;
  }
  return parts;
}

std::string joined(const std::vector<std::string>& parts, std::size_t count) {
  std::string path;
  for (std::size_t i = 0; i < count; ++i) path += "/" + parts[i];
  return path;
}

}  // namespace

std::string unsafe_name(const std::string& name, Rooted rooted) {
  if (rooted == Rooted::no && name.starts_with("/")) return "an absolute name";
  if (rooted == Rooted::yes && !name.starts_with("/")) return "a relative name";
  const auto parts = components(name);
  for (const auto& p : parts)
    if (p == "..") return "a '..' component";
  if (name.size() > kPathMax) return "a name of " + std::to_string(name.size()) + " bytes (Linux allows " + std::to_string(kPathMax) + ")";
  for (const auto& p : parts)
    if (p.size() > kNameMax)
      return "a component of " + std::to_string(p.size()) + " bytes (Linux allows " + std::to_string(kNameMax) + ")";
  return "";
}

std::vector<std::string> unsafe_members(const std::vector<ArchiveMember>& members) {
  std::vector<std::string> problems;
  std::set<std::string> symlinks, files;
  for (const auto& m : members) {
    const auto fail = [&](const std::string& why) { problems.push_back(m.name + ": " + why); };
    if (const std::string why = unsafe_name(m.name); !why.empty()) {
      fail(why);
      continue;
    }
    const auto parts = components(m.name);
    const std::string path = joined(parts, parts.size());
    bool through_symlink = false;
    for (std::size_t n = 1; n < parts.size() && !through_symlink; ++n)
      if (symlinks.count(joined(parts, n))) {
        fail("written through the symlink " + joined(parts, n) + " of the same archive");
        through_symlink = true;
      }
    if (through_symlink) continue;
    switch (m.kind) {
      case ArchiveMember::Kind::device:
        fail("a device node or other special file");
        break;
      case ArchiveMember::Kind::symlink:
        symlinks.insert(path);
        break;
      case ArchiveMember::Kind::hardlink:
        if (const std::string why = unsafe_name(m.link); !why.empty()) fail("a hard link whose target has " + why);
        else if (!files.count(joined(components(m.link), components(m.link).size())))
          fail("a hard link to " + m.link + ", which is not an earlier file of the archive");
        break;
      case ArchiveMember::Kind::file:
        files.insert(path);
        break;
      case ArchiveMember::Kind::dir:
        break;
    }
  }
  return problems;
}

}  // namespace ssi
