#pragma once
// Reads recipe.toml with toml++ and checks it completely: every unknown key, wrong type and
// missing required key is reported (file:line: key: what), all of them in one error.
#include <filesystem>
#include <string>

#include "recipe/recipe.hpp"
#include "util/error.hpp"

namespace ssi::recipe {

// `dir` holds recipe.toml; the error (exit 2) lists one problem per line.
Expected<Recipe> load_recipe(const std::filesystem::path& dir);
Expected<Recipe> parse_recipe(const std::string& text, const std::filesystem::path& file);

}  // namespace ssi::recipe
