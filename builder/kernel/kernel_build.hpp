#pragma once
// `ssi-oscar kernel build`: a kernel definition's source, patches and configuration become a
// kernel RPM (and its source and extra subpackages) in the repository, through the recipe builder.
#include <filesystem>
#include <string>

#include "kernel/kernel_definition.hpp"
#include "recipe/builder.hpp"
#include "util/error.hpp"

namespace ssi::kernel {

// Where the kernel is compiled is build.build_root (a distribution's build root, "" for this
// host) and its release tag build.release_tag (1.deb13), as for any recipe.
struct KernelBuildOptions {
  recipe::BuildOptions build;
  // A root named by hand (--build-root; "/" = this host is one): for kernels whose definition
  // says the host's toolchain cannot build them.
  std::filesystem::path build_root;
};

// A kernel without [build], or one that needs a build root when none is given, is refused with
// the reason (exit 2 and 3).
Expected<recipe::BuiltRecipe> build_kernel(const KernelDefinition& kernel, const KernelBuildOptions& options);

// Whether build_kernel would find the kernel's packages up to date (and build nothing).
Expected<bool> kernel_up_to_date(const KernelDefinition& kernel, const KernelBuildOptions& options);

// The recipe `build_kernel` would build (for --print-spec and tests); reads the source's version.
Expected<recipe::Recipe> kernel_build_recipe(const KernelDefinition& kernel, const KernelBuildOptions& options);

}  // namespace ssi::kernel
