#pragma once
// Finds a recipe's sources and patches (first in the --sources directories, then in the recipe's
// folder) and checks each against its recorded checksums.
#include <filesystem>
#include <string>
#include <vector>

#include "recipe/recipe.hpp"
#include "util/error.hpp"

namespace ssi::recipe {

struct LocatedFile {
  std::filesystem::path path;
  std::string sha256;
  bool stand_in = false;  // matched a stand-in checksum: not the upstream source
};

struct LocatedSources {
  std::vector<LocatedFile> sources, patches;  // in recipe order
};

// Every missing or mismatching file is reported (one line each, exit 2): the file, where it
// was looked for, the expected and the actual sha256.
Expected<LocatedSources> locate_sources(const Recipe& recipe, const std::vector<std::filesystem::path>& source_dirs);

}  // namespace ssi::recipe
