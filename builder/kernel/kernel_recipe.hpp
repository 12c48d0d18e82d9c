#pragma once
// A buildable kernel definition as a recipe: the kernel package (vmlinuz, System.map, config,
// modules), its optional source package and the definition's extra subpackages, built out of
// tree with `make O=`.
#include <filesystem>
#include <string>

#include "kernel/kernel_definition.hpp"
#include "recipe/recipe.hpp"

namespace ssi::kernel {

// `version` is the source's (kernel_source_version). Where the steps run (this host or a build
// root) is the recipe builder's choice.
recipe::Recipe kernel_recipe(const KernelDefinition& kernel, const std::string& version);

}  // namespace ssi::kernel
