#pragma once
// A buildable kernel definition as a recipe: the kernel package (vmlinuz, System.map, config,
// modules), its optional source package and the definition's extra subpackages, built out of
// tree with `make O=`.
#include <filesystem>
#include <string>

#include "kernel/kernel_definition.hpp"
#include "recipe/recipe.hpp"

namespace ssi::kernel {

// `version` is the source's (kernel_source_version). `build_root` is where the steps run: "" or
// "/" on this host, otherwise chrooted into that directory with the build tree bind-mounted.
recipe::Recipe kernel_recipe(const KernelDefinition& kernel, const std::string& version,
                             const std::filesystem::path& build_root);

}  // namespace ssi::kernel
