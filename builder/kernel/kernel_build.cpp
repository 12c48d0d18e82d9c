#include "kernel/kernel_build.hpp"

#include "kernel/kernel_recipe.hpp"
#include "kernel/source_version.hpp"
#include "recipe/sources.hpp"

namespace ssi::kernel {
namespace fs = std::filesystem;
namespace {

// The definition's source folders, and a root named by hand (--build-root) as the build root.
recipe::BuildOptions recipe_options(const KernelDefinition& k, const KernelBuildOptions& kernel_options) {
  recipe::BuildOptions options = kernel_options.build;
  for (const auto& dir : k.build->source_dirs) options.source_dirs.push_back(dir);
  if (!kernel_options.build_root.empty() && kernel_options.build_root != "/") {
    options.build_root = kernel_options.build_root;
    options.environment_key = "root " + fs::absolute(kernel_options.build_root).string();
    options.environment = "build environment: the build root " + options.build_root.string() + " (given by hand)\n";
  }
  return options;
}

}  // namespace

Expected<recipe::Recipe> kernel_build_recipe(const KernelDefinition& k, const KernelBuildOptions& options) {
  if (!k.build)
    return bad_input(k.file.string() + ": kernel " + k.name + " has no [build] table: it comes from the package " + k.package);
  if (!k.build->build_root.empty() && options.build_root.empty() && options.build.build_root.empty())
    return Error{ExitCode::unresolvable,
                 k.file.string() + ": build.build_root: kernel " + k.name + " needs a build root: " + k.build->build_root +
                     "\n  pass --distro DISTRO (its build root) or --build-root DIR (a root with that toolchain; / when this host is one)"};
  if (!options.build_root.empty() && !fs::is_directory(options.build_root))
    return bad_input("--build-root " + options.build_root.string() + ": no such directory");
  const auto build = recipe_options(k, options);
  auto sources = recipe::locate_sources(k.recipe, build.source_dirs);
  if (!sources) return sources.error();
  auto version = kernel_source_version(sources->sources.front().path);
  if (!version) return version.error();
  return kernel_recipe(k, *version);
}

Expected<bool> kernel_up_to_date(const KernelDefinition& k, const KernelBuildOptions& options) {
  auto r = kernel_build_recipe(k, options);
  if (!r) return r.error();
  auto current = recipe::recipes_up_to_date({*r}, recipe_options(k, options));
  if (!current) return current.error();
  return static_cast<bool>(current->front());
}

Expected<recipe::BuiltRecipe> build_kernel(const KernelDefinition& k, const KernelBuildOptions& options) {
  auto r = kernel_build_recipe(k, options);
  if (!r) return r.error();
  auto built = recipe::build_recipe_set({*r}, recipe_options(k, options));
  if (!built) return built.error();
  return built->front();
}

}  // namespace ssi::kernel
