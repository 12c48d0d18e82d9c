#include "kernel/kernel_build.hpp"

#include "kernel/kernel_recipe.hpp"
#include "kernel/source_version.hpp"
#include "recipe/sources.hpp"

namespace ssi::kernel {
namespace fs = std::filesystem;
namespace {

recipe::BuildOptions with_source_dirs(const KernelDefinition& k, recipe::BuildOptions options) {
  for (const auto& dir : k.build->source_dirs) options.source_dirs.push_back(dir);
  return options;
}

}  // namespace

Expected<recipe::Recipe> kernel_build_recipe(const KernelDefinition& k, const KernelBuildOptions& options) {
  if (!k.build)
    return bad_input(k.file.string() + ": kernel " + k.name + " has no [build] table: it comes from the package " + k.package);
  if (!k.build->build_root.empty() && options.build_root.empty())
    return Error{ExitCode::unresolvable,
                 k.file.string() + ": build.build_root: kernel " + k.name + " needs a build root: " + k.build->build_root +
                     "\n  pass --build-root DIR (a root with that toolchain; / when this host is one)"};
  if (!options.build_root.empty() && !fs::is_directory(options.build_root))
    return bad_input("--build-root " + options.build_root.string() + ": no such directory");
  const auto build = with_source_dirs(k, options.build);
  auto sources = recipe::locate_sources(k.recipe, build.source_dirs);
  if (!sources) return sources.error();
  auto version = kernel_source_version(sources->sources.front().path);
  if (!version) return version.error();
  recipe::Recipe r = kernel_recipe(k, *version, options.build_root);
  if (!options.distro.empty()) r.release += "." + options.distro;
  return r;
}

Expected<bool> kernel_up_to_date(const KernelDefinition& k, const KernelBuildOptions& options) {
  auto r = kernel_build_recipe(k, options);
  if (!r) return r.error();
  auto current = recipe::recipes_up_to_date({*r}, with_source_dirs(k, options.build));
  if (!current) return current.error();
  return static_cast<bool>(current->front());
}

Expected<recipe::BuiltRecipe> build_kernel(const KernelDefinition& k, const KernelBuildOptions& options) {
  auto r = kernel_build_recipe(k, options);
  if (!r) return r.error();
  auto built = recipe::build_recipe_set({*r}, with_source_dirs(k, options.build));
  if (!built) return built.error();
  return built->front();
}

}  // namespace ssi::kernel
