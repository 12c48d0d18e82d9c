#pragma once
// What the last build of a recipe was made from and what it produced, kept in the repository
// (REPO/.ssi-oscar/builds/NAME.json): equal keys and present outputs mean "up to date".
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "recipe/recipe.hpp"
#include "recipe/sources.hpp"
#include "util/error.hpp"

namespace ssi::recipe {

struct BuildRecord {
  std::string key;
  std::vector<std::string> outputs;  // relative to the repository
  bool stand_in_sources = false;
};

// The hash of everything a build depends on: the recipe folder's files, the sources, the spec
// and the reproducibility settings.
std::string build_key(const Recipe& recipe, const LocatedSources& sources, const std::string& spec,
                      std::int64_t source_date_epoch);
std::optional<BuildRecord> load_build_record(const std::filesystem::path& repo, const std::string& name);
// The packages (file names) of the repository that were built from stand-in sources.
std::vector<std::string> stand_in_outputs(const std::filesystem::path& repo);
Status save_build_record(const std::filesystem::path& repo, const std::string& name, const BuildRecord& record);

}  // namespace ssi::recipe
