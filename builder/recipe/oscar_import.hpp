#pragma once
// `oscar import`: an existing OSCAR package tree (config.xml of either format, scripts/) becomes a
// recipe folder, so real OSCAR packages can be rebuilt with the rest.
#include <filesystem>

#include "oscar/config_xml_reader.hpp"
#include "util/error.hpp"

namespace ssi::recipe {

// Reads TREE/config.xml (the folder's name is the package's id when config.xml names it for
// display only).
Expected<oscar::ReadPackage> read_oscar_tree(const std::filesystem::path& tree);

// recipe.toml text for a package read from a tree; `scripts` are the API scripts found there.
std::string render_oscar_recipe(const oscar::ReadPackage& package, const std::vector<std::string>& scripts,
                                const std::string& changelog_date);

// Writes OUT/recipe.toml and OUT/scripts/ from TREE. Returns what was read.
Expected<oscar::ReadPackage> import_oscar_tree(const std::filesystem::path& tree, const std::filesystem::path& out);

}  // namespace ssi::recipe
