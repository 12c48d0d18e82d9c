#include "support/ssi_image.hpp"

#include <sstream>
#include <stdexcept>

#include "debimport/deb_importer.hpp"
#include "distro/distro_fetch.hpp"
#include "image/image_builder.hpp"
#include "recipe/build_tree.hpp"
#include "recipe/builder.hpp"
#include "support/build_roots.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/upstream.hpp"
#include "util/run_lock.hpp"

namespace ssi::test {
namespace fs = std::filesystem;
namespace {

// What the checks of images/checks run, and what a node needs to boot.
const char* kNodePackages =
    "base-files base-passwd bash coreutils dash diffutils findutils grep sed gzip hostname libc-bin login passwd "
    "mount util-linux procps psmisc iproute2 kmod sysvinit-utils netbase libpam-runtime perl-base python3-minimal "
    "openssh-server openssh-client openmpi-bin nfs-common iputils-ping";

// As images/oscar-compute.toml: Debian 13's UCX pulls in AMD's GPU runtime and LLVM, half of
// the image, for GPUs the nodes do not have; the nodes' mpirun checks run without them.
const char* kNotShipped =
    R"(["libllvm[0-9]*", "libamdhip64-*", "libamd-comgr*", "libhsa-runtime64-*", "libhsakmt*", "libz3-*"])";

// The packages and everything they depend on, fetched into the build tree's cache once.
std::vector<fs::path> fetch_closure() {
  const fs::path cache = fs::path(SSI_OSCAR_TEST_WORK) / "debs";
  fs::create_directories(cache);
  auto lock = RunLock::acquire(cache / ".lock", "the test cache").value();
  const auto names = run("apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces "
                         "--no-enhances " + std::string(kNodePackages) + " | grep -v '^[ <]' | sort -u");
  if (names.status != 0) throw std::runtime_error("apt-cache depends failed: " + names.output);
  std::vector<std::string> missing, all;
  std::istringstream lines(names.output);
  for (std::string name; std::getline(lines, name);) {
    all.push_back(name);
    if (run("ls " + quote(cache.string()) + "/" + quote(name) + "_*.deb >/dev/null 2>&1").status != 0) missing.push_back(name);
  }
  if (!missing.empty()) {
    std::string command = "cd " + quote(cache.string()) + " && apt-get download -q";
    for (const auto& m : missing) command += " " + quote(m);
    const auto fetched = run(command + " 2>&1");
    if (fetched.status != 0) throw std::runtime_error("apt-get download failed: " + fetched.output);
  }
  std::vector<fs::path> debs;
  for (const auto& name : all) {
    const auto found = run("ls " + quote(cache.string()) + "/" + quote(name) + "_*.deb | tail -n 1");
    if (found.status != 0) throw std::runtime_error("no .deb of " + name);
    debs.emplace_back(found.output.substr(0, found.output.size() - 1));
  }
  return debs;
}

// "a b" -> "\"a\", \"b\"", for a TOML array.
std::string toml_strings(const std::string& words) {
  std::istringstream in(words);
  std::string out;
  for (std::string w; in >> w;) out += (out.empty() ? "\"" : ", \"") + w + "\"";
  return out;
}

template <typename T>
T ok_or_throw(Expected<T> value) {
  if (!value) throw std::runtime_error(value.error().message);
  return std::move(value).value();
}


// The node's packages of the distribution's own suites, through the shared download cache.
void fetch_distribution(const std::string& distro, const debimport::ImportOptions& import) {
  std::vector<std::string> names;
  std::istringstream words(kNodePackages);
  for (std::string w; words >> w;) names.push_back(w);
  const fs::path cache = shared_distro_cache();
  fs::create_directories(cache);
  auto lock = RunLock::acquire(cache / "test.lock", "the test's distribution cache").value();
  distro::FetchOptions options;
  options.cache = cache;
  options.repo = import.repo;
  options.import = import;
  ok_or_throw(distro::fetch_packages(project_distro(distro), names, options));
}

// The node packages imported as RPMs into a repository both test images use.
fs::path node_packages_repo(const std::string& distro) {
  const fs::path work = fs::path(SSI_OSCAR_TEST_WORK) / (distro.empty() ? "node-packages" : "node-packages-" + distro);
  fs::create_directories(work);
  auto lock = RunLock::acquire(work / "lock", "the test cache").value();
  debimport::ImportOptions import;
  import.repo = work / "debian";
  import.work = work / "import";
  if (distro.empty()) ok_or_throw(debimport::import_debs(fetch_closure(), import));
  else fetch_distribution(distro, import);
  return import.repo;
}

// Where an OSCAR package's API package puts its tests (`cluster test --suite NAME`).
std::string suite_file(const std::string& package) {
  const fs::path test_root = fs::path(SSI_OSCAR_SOURCE_DIR) / "recipes" / package / "testing" / "test_root";
  return "[[file]]\nsource = \"" + test_root.string() + "\"\ntarget = \"/usr/lib/oscar/packages/" + package +
         "/testing/test_root\"\nmode = \"0755\"\n";
}

}  // namespace

fs::path oscar_jobs_image(const fs::path& kernel_repo) {
  const fs::path packages = node_packages_repo(""), jobs = jobs_repo("");
  const fs::path work = fs::path(SSI_OSCAR_TEST_WORK) / "oscar-jobs-image";
  fs::create_directories(work);
  auto lock = RunLock::acquire(work / "lock", "the test cache").value();
  const fs::path file = write_image(work / "definition", "oscar-node", R"([image]
name = "oscar-node"
repos = [")" + packages.string() + R"(", ")" + kernel_repo.string() + R"(", ")" + jobs.string() + R"("]
packages = ["cluster-jobs", )" + toml_strings(kNodePackages) + R"(]
kernel = ["debian"]
modules = { debian = ["e1000", "nfsv3"] }
not_shipped = )" + kNotShipped + R"(
formats = ["dir", "cpio.zst"]
)" + suite_file("jobs"));
  const auto image = ok_or_throw(image::load_image(file));
  image::ImageBuildOptions options;
  options.out = work / "image";
  options.plan.kernels_dir = image_fixture().kernels;  // its "debian" is that repository's kernel-debian
  ok_or_throw(image::build_image(image, options));
  return options.out;
}

fs::path ssi_image(const fs::path& sources, const std::string& distro) {
  const fs::path kernel_repo = upstream_kernel_repo(sources, distro), userland_repo = upstream_userland_repo(sources, distro);
  const fs::path packages = node_packages_repo(distro), jobs = jobs_repo(distro);
  const fs::path work = fs::path(SSI_OSCAR_TEST_WORK) / (distro.empty() ? "ssi-image" : "ssi-image-" + distro);
  fs::create_directories(work);
  auto lock = RunLock::acquire(work / "lock", "the test cache").value();

  const fs::path checks = fs::path(SSI_OSCAR_SOURCE_DIR) / "images" / "checks";
  const fs::path file = write_image(work / "definition", "ssi-node", R"([image]
name = "ssi-node"
repos = [")" + packages.string() + R"(", ")" + kernel_repo.string() + R"(", ")" + userland_repo.string() + R"(", ")" + jobs.string() + R"("]
packages = ["ssi-oscar-tools", "kerrighed-tools", "kerrighed-host-tools", "kerrighed-tests", "cluster-jobs", )" + toml_strings(kNodePackages) + R"(]
kernel = ["linux-krg"]
not_shipped = )" + kNotShipped + R"(
formats = ["dir", "cpio.zst"]
)" + suite_file("kerrighed") + suite_file("jobs") + R"([[file]]
source = ")" + (checks / "userland.sh").string() + R"("
target = "/etc/ssi-oscar/boot-test.d/userland.sh"
mode = "0644"
[[file]]
source = ")" + (checks / "cluster.sh").string() + R"("
target = "/etc/ssi-oscar/cluster-test.d/cluster.sh"
mode = "0644"
[cluster]
session = 1
nodes = [{ name = "node1", id = 1, iface = "eth0" }, { name = "node2", id = 2, iface = "eth0" }]
)");
  const auto image = ok_or_throw(image::load_image(file));
  image::ImageBuildOptions options;
  options.out = work / "image";
  options.plan.kernels_dir = fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels";
  options.oscar_packages = upstream_oscar_packages(distro);
  ok_or_throw(image::build_image(image, options));
  return options.out;
}

}  // namespace ssi::test
