#pragma once
// OSCAR's package list files: one package name a line, '#' starts a comment.
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::oscar {

struct PkglistEntry {
  std::string name;
  int line = 0;
};

Expected<std::vector<PkglistEntry>> read_pkglist(const std::filesystem::path& file);
std::vector<PkglistEntry> parse_pkglist(const std::string& text);

}  // namespace ssi::oscar
