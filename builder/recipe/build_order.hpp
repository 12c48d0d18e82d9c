#pragma once
// Orders recipes so that a recipe whose build requires name another recipe's package is built
// after it; recipes of one level do not need each other and may be built side by side.
#include <set>
#include <vector>

#include "recipe/recipe.hpp"
#include "util/error.hpp"

namespace ssi::recipe {

// For each recipe, the other recipes whose packages it builds with.
std::vector<std::set<std::size_t>> build_needs(const std::vector<Recipe>& recipes);

// Levels of indices into `recipes`; a dependency cycle is an error naming the recipes in it.
Expected<std::vector<std::vector<std::size_t>>> build_levels(const std::vector<Recipe>& recipes);

}  // namespace ssi::recipe
