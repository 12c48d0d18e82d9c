#pragma once
// Writes a recipe folder (recipe.toml plus any extra files) for tests.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace ssi::test {

std::filesystem::path write_recipe(const std::filesystem::path& dir, const std::string& toml,
                                   const std::vector<std::pair<std::string, std::string>>& files = {});

// A complete small recipe compiling one C program, for build tests: NAME, then the [build]
// steps' extra shell (may be empty) and the [build] requires.
std::string c_program_recipe(const std::string& name, const std::string& extra_build = "",
                             const std::string& build_requires = "");

}  // namespace ssi::test
