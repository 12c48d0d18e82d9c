#include "support/image_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "image/image_builder.hpp"
#include "recipe/build_tree.hpp"
#include "recipe/builder.hpp"
#include "support/process.hpp"
#include "support/recipe_dir.hpp"
#include "util/fs.hpp"
#include "util/run_lock.hpp"
#include "util/sha256.hpp"

namespace ssi::test {
namespace fs = std::filesystem;
namespace {

const char* kApplets = "sh ash cat echo mount umount hostname uname poweroff reboot sed grep ls mkdir sleep ip ping date modprobe lsmod";

std::string busybox_recipe(const std::string& sha256) {
  return std::string(R"([package]
name = "busybox"
version = "1.35.0"
summary = "Debian's busybox-static, repackaged as an RPM"
license = "GPL-2.0-only"

[[source]]
file = "busybox"
sha256 = [")") + sha256 + R"("]

[build]
prep = "true"
install = """
install -D -m 0755 %{SOURCE0} $DESTDIR/bin/busybox
for applet in )" + kApplets + R"(; do ln -s busybox $DESTDIR/bin/$applet; done
mkdir -p $DESTDIR/etc && echo node > $DESTDIR/etc/hostname
"""

[[subpackage]]
name = "busybox"
summary = "Debian's busybox-static, repackaged as an RPM"
files = ["/bin/*"]
config = ["/etc/hostname"]
provides = ["/bin/sh"]

[[changelog]]
date = "2026-11-25"
author = "Test <test@example.org>"
text = "- Repackaged for image tests."
)";
}

// A kernel package shaped like a real one (image, map, config, modules of one release).
const char* kTestKernel = R"([package]
name = "kernel-test"
version = "1.0"
summary = "Stand-in kernel package for image tests"
license = "GPL-2.0-only"
arch = "noarch"

[build]
install = """
mkdir -p $DESTDIR/boot $DESTDIR/lib/modules/1.0-test/kernel
echo image > $DESTDIR/boot/vmlinuz-1.0-test
echo map > $DESTDIR/boot/System.map-1.0-test
echo CONFIG_TEST=y > $DESTDIR/boot/config-1.0-test
echo module > $DESTDIR/lib/modules/1.0-test/kernel/test.ko
"""

[[subpackage]]
name = "kernel-test"
summary = "Stand-in kernel package for image tests"
files = ["/boot/*", "/lib/modules/1.0-test"]

[[changelog]]
date = "2026-11-25"
author = "Test <test@example.org>"
text = "- Stand-in."
)";

const char* kNodeTools = R"([package]
name = "nodetools"
version = "1.0"
summary = "An OSCAR package whose client part is busybox"
license = "MIT"
arch = "noarch"

[oscar]
group = "Application"
license = "GPL"
authors = [{ name = "Test", email = "test@example.org" }]
client = ["busybox"]

[[changelog]]
date = "2026-11-25"
author = "Test <test@example.org>"
text = "- For image tests."
)";

}  // namespace

bool under_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

const ImageFixture& image_fixture() {
  static std::optional<ImageFixture> fixture;
  if (fixture) return *fixture;
  if (!fs::exists("/bin/busybox")) throw std::runtime_error("busybox-static is not installed (scripts/install-deps installs it)");
  const fs::path work = fs::path(SSI_OSCAR_TEST_WORK) / "image-fixture";
  fs::create_directories(work);
  auto lock = RunLock::acquire(work / "lock", "the test cache").value();
  ImageFixture f{work / "repo", work / "kernels", work / "oscar-packages"};
  const fs::path busybox = work / "recipes" / "busybox";
  fs::create_directories(busybox);
  fs::copy_file("/bin/busybox", busybox / "busybox", fs::copy_options::overwrite_existing);
  write_recipe(busybox, busybox_recipe(sha256_file_hex(busybox / "busybox").value()));
  write_recipe(work / "recipes" / "kernel-test", kTestKernel);
  write_recipe(work / "recipes" / "nodetools", kNodeTools);
  recipe::BuildOptions options;
  options.repo = f.repo;
  options.work = work / "build";
  options.oscar_out = f.oscar_packages;
  auto built = recipe::build_recipes({busybox, work / "recipes" / "kernel-test", work / "recipes" / "nodetools"}, options);
  if (!built) throw std::runtime_error(built.error().message);
  // Other test processes read these definitions while this one starts (the crash tests' children
  // hold no lock): each file is replaced by a rename, never rewritten in place.
  fs::create_directories(f.kernels);
  const auto put = [](const fs::path& to, const std::string& text) {
    if (auto written = write_file_atomic(to, text); !written) throw std::runtime_error(written.error().message);
  };
  const auto copy = [](const fs::path& from, const fs::path& to) {
    if (auto copied = copy_file_atomic(from, to); !copied) throw std::runtime_error(copied.error().message);
  };
  put(f.kernels / "test-kernel.toml",
      "[kernel]\nname = \"test-kernel\"\nsummary = \"stand-in\"\npackage = \"kernel-test\"\ncmdline = \"console=ttyS0\"\n");
  put(f.kernels / "debian.toml",
      "[kernel]\nname = \"debian\"\nsummary = \"Debian 12's kernel\"\npackage = \"kernel-debian\"\ncmdline = \"console=ttyS0\"\n");
  const fs::path sources = fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels";
  copy(sources / "linux-krg.toml", f.kernels / "linux-krg.toml");
  for (const auto& entry : fs::recursive_directory_iterator(sources / "patches" / "linux-krg"))
    if (entry.is_regular_file())
      copy(entry.path(), f.kernels / "patches" / "linux-krg" / fs::relative(entry.path(), sources / "patches" / "linux-krg"));
  fixture = f;
  return *fixture;
}

std::optional<fs::path> debian_kernel_repo(std::string& why) {
  const fs::path work = fs::path(SSI_OSCAR_TEST_WORK) / "debian-kernel";
  fs::create_directories(work / "download");
  auto lock = RunLock::acquire(work / "lock", "the test cache").value();
  const fs::path repo = work / "repo";
  if (fs::exists(repo / ".complete-with-nfs-modules")) return repo;
  const auto name = run("apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/{print $2; exit}'");
  if (name.status != 0 || name.output.size() < 2) {
    why = "apt-cache knows no linux-image-amd64 (apt-get update?)";
    return std::nullopt;
  }
  const std::string package = name.output.substr(0, name.output.size() - 1);
  const std::string dir = quote(work.string());
  const auto fetched = run("cd " + dir + "/download && (ls " + package + "_*.deb >/dev/null 2>&1 || apt-get download -q " +
                           package + ") && rm -rf ../extract && dpkg-deb -x " + package + "_*.deb ../extract");
  if (fetched.status != 0) {
    why = "cannot fetch " + package + ": " + fetched.output;
    return std::nullopt;
  }
  const auto version = run("cd " + dir + "/download && dpkg-deb -f " + package + "_*.deb Version | cut -d- -f1");
  // What a kernel package must hold for the image: image, map, config and its modules folder
  // (the module lists; e1000 and the NFS client with what it needs for netbooted nodes; and for
  // the slimming test ext4 with what it needs: jbd2, mbcache, crc16, and the crc32c modules its
  // soft dependency's alias names).
  fs::create_directories(work / "recipe");
  const auto packed = run("cd " + dir + "/extract && tar --sort=name --mtime=@1700000000 --owner=0 --group=0 -czf " + dir +
                          "/recipe/kernel-debian.tar.gz boot $(ls -d lib/modules/*/modules.*) "
                          "lib/modules/*/kernel/drivers/net/ethernet/intel/e1000 lib/modules/*/kernel/fs/ext4 lib/modules/*/kernel/fs/jbd2 "
                          "lib/modules/*/kernel/fs/mbcache.ko lib/modules/*/kernel/lib/crc16.ko lib/modules/*/kernel/crypto/crc32c_generic.ko "
                          "lib/modules/*/kernel/arch/x86/crypto/crc32c-intel.ko lib/modules/*/kernel/fs/nfs lib/modules/*/kernel/fs/lockd "
                          "lib/modules/*/kernel/fs/nfs_common lib/modules/*/kernel/net/sunrpc "
                          // fscache is netfs's own folder from Linux 6.4 on
                          "$(ls -d lib/modules/*/kernel/fs/fscache lib/modules/*/kernel/fs/netfs 2>/dev/null)");
  if (packed.status != 0) {
    why = "cannot repackage " + package + ": " + packed.output;
    return std::nullopt;
  }
  write_recipe(work / "recipe", R"([package]
name = "kernel-debian"
version = ")" + version.output.substr(0, version.output.size() - 1) + R"("
summary = "Debian 12's kernel, repackaged for image tests"
license = "GPL-2.0-only"
[[source]]
file = "kernel-debian.tar.gz"
sha256 = [")" + sha256_file_hex(work / "recipe" / "kernel-debian.tar.gz").value() + R"("]
[build]
prep = "true"
install = "tar -xzf %{SOURCE0} -C $DESTDIR"
[[subpackage]]
name = "kernel-debian"
summary = "Debian 12's kernel"
files = ["/boot/*", "/lib/modules/*"]
[[changelog]]
date = "2026-11-25"
author = "Test <test@example.org>"
text = "- Repackaged."
)");
  recipe::BuildOptions options;
  options.repo = repo;
  options.work = work / "build";
  auto built = recipe::build_recipes({work / "recipe"}, options);
  if (!built) throw std::runtime_error(built.error().message);
  std::ofstream(repo / ".complete-with-nfs-modules") << package << "\n";
  return repo;
}

fs::path write_image(const fs::path& dir, const std::string& name, std::string body, const fs::path& kernel_repo) {
  auto replace = [&body](const std::string& from, const std::string& to) {
    for (auto at = body.find(from); at != std::string::npos; at = body.find(from, at + to.size())) body.replace(at, from.size(), to);
  };
  replace("@REPO@", image_fixture().repo.string());
  replace("@KERNEL_REPO@", kernel_repo.string());
  fs::create_directories(dir);
  const fs::path file = dir / (name + ".toml");
  std::ofstream(file) << body;
  return file;
}

Expected<fs::path> build_image(const fs::path& dir, const std::string& name, const std::string& body,
                               const fs::path& kernel_repo) {
  auto image = image::load_image(write_image(dir, name, body, kernel_repo));
  if (!image) return image.error();
  image::ImageBuildOptions options;
  options.out = dir / "images" / name;
  options.plan.kernels_dir = image_fixture().kernels;
  auto built = image::build_image(*image, options);
  if (!built) return built.error();
  return options.out;
}

}  // namespace ssi::test
