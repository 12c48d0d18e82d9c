#pragma once
// Reads recipe.toml with toml++ and checks it completely: every unknown key, wrong type and
// missing required key is reported (file:line: key: what), all of them in one error.
#include <filesystem>
#include <string>

#include "recipe/recipe.hpp"
#include "util/toml_fields.hpp"
#include "util/error.hpp"

namespace ssi::recipe {

// `dir` holds recipe.toml; the error (exit 2) lists one problem per line.
Expected<Recipe> load_recipe(const std::filesystem::path& dir);
Expected<Recipe> parse_recipe(const std::string& text, const std::filesystem::path& file);

// The tables other definitions share with recipes (kernel definitions build through recipes):
// [[source]] and [[patch]], [[subpackage]], [[changelog]] of the document `top`.
void read_sources(Fields& top, Recipe& r);
void read_subpackages(Fields& top, Recipe& r);
void read_changelog(Fields& top, Recipe& r);

}  // namespace ssi::recipe
