#include "support/upstream.hpp"

#include <cstdlib>
#include <stdexcept>

#include "kernel/kernel_build.hpp"
#include "recipe/build_tree.hpp"
#include "recipe/builder.hpp"
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

fs::path upstream_kernel_repo(const fs::path& sources) {
  const fs::path work = fs::path(SSI_OSCAR_TEST_WORK) / "upstream-kernel";
  fs::create_directories(work);
  auto lock = RunLock::acquire(work / "lock", "the test cache").value();
  kernel::KernelBuildOptions options;
  options.build.repo = work / "repo";
  options.build.work = work / "build";
  options.build.source_dirs = {sources};
  auto k = kernel::find_kernel(fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels", "linux-krg");
  if (!k) throw std::runtime_error(k.error().message);
  auto built = kernel::build_kernel(*k, options);
  if (!built) throw std::runtime_error(built.error().message);
  return options.build.repo;
}

fs::path upstream_userland_repo(const fs::path& sources) {
  const fs::path work = fs::path(SSI_OSCAR_TEST_WORK) / "upstream-kerrighed";
  fs::create_directories(work);
  auto lock = RunLock::acquire(work / "lock", "the test cache").value();
  recipe::BuildOptions options;
  options.repo = work / "repo";
  options.work = work / "build";
  options.source_dirs = {sources};
  auto built = recipe::build_recipes({fs::path(SSI_OSCAR_SOURCE_DIR) / "recipes" / "kerrighed"}, options);
  if (!built) throw std::runtime_error(built.error().message);
  return options.repo;
}

}  // namespace ssi::test
