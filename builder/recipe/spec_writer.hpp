#pragma once
// Renders a recipe as an RPM spec: one %package per subpackage, the recipe's shell steps as
// %prep/%build/%install/%check, %files from the globs, scriptlets and the changelog.
#include <cstdint>
#include <string>

#include "recipe/recipe.hpp"

namespace ssi::recipe {

std::string render_spec(const Recipe& recipe);
// Seconds since the epoch of the newest changelog entry (midnight UTC): the default
// SOURCE_DATE_EPOCH, so rebuilds of one recipe stamp the same times.
std::int64_t changelog_epoch(const Recipe& recipe);

}  // namespace ssi::recipe
