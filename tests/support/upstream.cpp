#include "support/upstream.hpp"

#include <cstdlib>
#include <stdexcept>

#include "kernel/kernel_build.hpp"
#include "recipe/build_tree.hpp"
#include "recipe/builder.hpp"
#include "support/build_roots.hpp"
#include "util/run_lock.hpp"

namespace ssi::test {
namespace fs = std::filesystem;

std::optional<fs::path> upstream_sources(std::string& why) {
  const char* env = std::getenv("SSI_OSCAR_UPSTREAM_SOURCES");
  const fs::path dir = env && *env ? fs::path(env) : fs::path(SSI_OSCAR_SOURCE_DIR) / ".." / "shared" / "sources";
  for (const char* file : {"linux-2.6.30.tar.xz", "kerrighed-3.0.0-kernel.patch", "kerrighed-3.0.0.tar.gz"})
    if (!fs::exists(dir / file)) {
      why = "upstream Kerrighed sources not found (" + (dir / file).lexically_normal().string() +
            "; set SSI_OSCAR_UPSTREAM_SOURCES to their folder)";
      return std::nullopt;
    }
  return fs::canonical(dir);
}

namespace {

fs::path work_for(const std::string& what, const std::string& distro) {
  return fs::path(SSI_OSCAR_TEST_WORK) / ("upstream-" + what + (distro.empty() ? "" : "-" + distro));
}

// For a distribution: its release tag and its build root (its own, even on a host that runs it:
// the tests check the roots).
void for_distribution(const std::string& distro, recipe::BuildOptions& options) {
  if (distro.empty()) return;
  std::string why;
  const auto root = shared_build_root(distro, why);
  if (!root) throw std::runtime_error("no " + distro + " build root: " + why);
  distro::build_in_root(project_distro(distro), *root, options);
}

}  // namespace

fs::path upstream_kernel_repo(const fs::path& sources, const std::string& distro) {
  const fs::path work = work_for("kernel", distro);
  fs::create_directories(work);
  auto lock = RunLock::acquire(work / "lock", "the test cache").value();
  kernel::KernelBuildOptions options;
  options.build.repo = work / "repo";
  options.build.work = work / "build";
  options.build.source_dirs = {sources};
  for_distribution(distro, options.build);
  auto k = kernel::find_kernel(fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels", "linux-krg");
  if (!k) throw std::runtime_error(k.error().message);
  auto built = kernel::build_kernel(*k, options);
  if (!built) throw std::runtime_error(built.error().message);
  return options.build.repo;
}

fs::path upstream_oscar_packages(const std::string& distro) { return work_for("kerrighed", distro) / "oscar-packages"; }

namespace {

// The project's `recipes` built for the distribution into WORK/repo (WORK: `what`'s folder), their
// OSCAR package trees into WORK/oscar-packages.
fs::path built_recipes(const std::string& what, const std::vector<std::string>& recipes, const std::vector<fs::path>& sources,
                       const std::string& distro) {
  const fs::path work = work_for(what, distro);
  fs::create_directories(work);
  auto lock = RunLock::acquire(work / "lock", "the test cache").value();
  recipe::BuildOptions options;
  options.repo = work / "repo";
  options.work = work / "build";
  options.oscar_out = work / "oscar-packages";
  options.source_dirs = sources;
  for_distribution(distro, options);
  std::vector<fs::path> dirs;
  for (const auto& r : recipes) dirs.push_back(fs::path(SSI_OSCAR_SOURCE_DIR) / "recipes" / r);
  auto built = recipe::build_recipes(dirs, options);
  if (!built) throw std::runtime_error(built.error().message);
  return options.repo;
}

}  // namespace

fs::path upstream_userland_repo(const fs::path& sources, const std::string& distro) {
  return built_recipes("kerrighed", {"kerrighed", "ssi-oscar"}, {sources}, distro);
}

fs::path jobs_repo(const std::string& distro) { return built_recipes("jobs", {"jobs"}, {}, distro); }

}  // namespace ssi::test
