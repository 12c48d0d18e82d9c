#pragma once
// The steps around one spec build: requirements checked, the canonical build tree laid out,
// the finished packages published into the repository.
#include <filesystem>
#include <string>
#include <vector>

#include "recipe/recipe.hpp"
#include "recipe/sources.hpp"
#include "util/error.hpp"

namespace ssi::recipe {

// Every build requirement at once: `tools` on the PATH (of the build root when there is one),
// `requires` in the repository (exit 3, one line each).
Status check_requirements(const Recipe& recipe, const std::filesystem::path& repo, const std::filesystem::path& build_root);

// A clean build tree at `top` holding the spec, the sources and the recipe's own files; returns
// the spec's path.
Expected<std::filesystem::path> prepare_topdir(const Recipe& recipe, const LocatedSources& sources,
                                               const std::string& spec, const std::filesystem::path& top);

// The RPMs a build left in TOP/RPMS and TOP/SRPMS, sorted.
std::vector<std::filesystem::path> built_packages(const std::filesystem::path& top);

// Copies the built RPMs into the repository (binaries at its root, source RPMs in SRPMS/), each
// through a temporary name; returns their paths relative to the repository.
Expected<std::vector<std::string>> publish(const std::filesystem::path& top, const std::filesystem::path& repo);

}  // namespace ssi::recipe
