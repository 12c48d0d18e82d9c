#include "support/build_roots.hpp"

#include <unistd.h>

#include <stdexcept>

#include "support/image_fixture.hpp"
#include "util/run_lock.hpp"
#include "util/subprocess.hpp"

namespace ssi::test {
namespace fs = std::filesystem;

fs::path shared_distro_cache() { return fs::path(SSI_OSCAR_TEST_WORK) / "distro-cache"; }

distro::Distro project_distro(const std::string& name) {
  auto d = distro::find_distro(fs::path(SSI_OSCAR_SOURCE_DIR) / "distros", name);
  if (!d) throw std::runtime_error(d.error().message);
  return *d;
}

std::optional<distro::BuildRoot> shared_build_root(const std::string& name, std::string& why) {
  if (::geteuid() != 0) why = "making a build root needs root (mount namespaces, chroot)";
  else if (!program_available("mmdebstrap")) why = "mmdebstrap is not installed (scripts/install-deps installs it)";
  if (!why.empty()) {
    if (under_ci()) throw std::runtime_error(why);
    return std::nullopt;
  }
  const fs::path cache = shared_distro_cache();
  fs::create_directories(cache);
  auto lock = RunLock::acquire(cache / "test.lock", "the test's distribution cache").value();
  distro::FetchOptions options;
  options.cache = cache;
  auto root = distro::build_root(project_distro(name), options);
  if (!root && root.error().message.find("pass --mirror URI") != std::string::npos && !under_ci()) {
    why = "this machine's apt sources name no Debian archive";
    return std::nullopt;
  }
  if (!root) throw std::runtime_error(root.error().message);
  return *root;
}

}  // namespace ssi::test
