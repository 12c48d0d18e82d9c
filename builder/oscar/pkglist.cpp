#include "oscar/pkglist.hpp"

#include <sstream>

#include "util/fs.hpp"

namespace ssi::oscar {

std::vector<PkglistEntry> parse_pkglist(const std::string& text) {
  std::vector<PkglistEntry> entries;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const auto last = line.find_last_not_of(" \t\r");
    entries.push_back({line.substr(first, last - first + 1), number});
  }
  return entries;
}

Expected<std::vector<PkglistEntry>> read_pkglist(const std::filesystem::path& file) {
  auto text = read_file(file);
  if (!text) return text.error();
  return parse_pkglist(*text);
}

}  // namespace ssi::oscar
