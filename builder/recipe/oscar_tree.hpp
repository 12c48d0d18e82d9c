#pragma once
// The OSCAR side of a recipe with an [oscar] table: the OSCAR package tree (config.xml,
// scripts/, RPMS/, SRPMS/, doc/, testing/) and the recipe of its opkg meta-packages.
#include <filesystem>
#include <string>
#include <vector>

#include "oscar/schema.hpp"
#include "recipe/recipe.hpp"
#include "util/error.hpp"

namespace ssi::recipe {

// Writes OUT/NAME/ for `recipe`: config.xml, scripts/ and testing/, what its meta-packages are
// made of. They need no built package, so the meta-packages build beside the recipe.
Expected<std::filesystem::path> write_oscar_tree(const Recipe& recipe, const std::filesystem::path& out,
                                                 oscar::ConfigFormat format = oscar::ConfigFormat::opkg61);

// Copies the recipe's built packages (`outputs`, relative to `repo`) into the tree's RPMS/ and SRPMS/.
Status add_built_packages(const std::filesystem::path& tree, const std::vector<std::string>& outputs,
                          const std::filesystem::path& repo);

// opkg-NAME (config.xml and scripts under /usr/lib/oscar/packages/NAME), opkg-NAME-server and
// opkg-NAME-client, whose Requires/Conflicts carry the server/client packages and the OSCAR-level
// relations (kerrighed conflicts with torque -> opkg-kerrighed-client conflicts with opkg-torque-client).
// Packages behind dist/arch filters count only when they hold on `target`.
Recipe meta_package_recipe(const Recipe& recipe, const std::filesystem::path& tree, const oscar::Target& target);

}  // namespace ssi::recipe
