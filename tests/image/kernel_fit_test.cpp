// End to end: a kernel older than zstd initramfs support (Linux 2.6-style CONFIG_RD_* lines)
// makes the image's initramfs gzip, in the plan, the build, the boot entries and the manifest;
// a kernel that unpacks neither zstd nor gzip is refused in one line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "image/image_builder.hpp"
#include "recipe/builder.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/recipe_dir.hpp"
#include "util/fs.hpp"
#include "util/run_lock.hpp"

namespace ssi::image {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using test::quote;

// A kernel package whose configuration names the initramfs compressions it unpacks.
std::string old_kernel_recipe(const std::string& name, const std::string& rd_options) {
  return R"([package]
name = ")" + name + R"("
version = "2.6.30"
summary = "Stand-in old kernel"
license = "GPL-2.0-only"
arch = "noarch"
[build]
install = """
mkdir -p $DESTDIR/boot $DESTDIR/lib/modules/2.6.30-old
echo image > $DESTDIR/boot/vmlinuz-2.6.30-old
echo map > $DESTDIR/boot/System.map-2.6.30-old
printf 'CONFIG_BLK_DEV_INITRD=y\n)" + rd_options + R"(' > $DESTDIR/boot/config-2.6.30-old
"""
[[subpackage]]
name = ")" + name + R"("
summary = "Stand-in old kernel"
files = ["/boot/*", "/lib/modules/2.6.30-old"]
[[changelog]]
date = "2026-11-30"
author = "Test <test@example.org>"
text = "- Stand-in."
)";
}

class KernelFit : public ::testing::Test {
 protected:
  static inline fs::path work, repo, kernels;
  static void SetUpTestSuite() {
    work = fs::path(SSI_OSCAR_TEST_WORK) / "kernel-fit";
    repo = work / "repo";
    kernels = work / "kernels";
    fs::create_directories(kernels);
    // The suite's tests run as processes side by side: one writes and builds while the others wait.
    std::optional<RunLock> lock = RunLock::acquire(work / "lock", "the test cache").value();
    test::write_recipe(work / "recipes" / "kernel-old", old_kernel_recipe("kernel-old", "CONFIG_RD_GZIP=y\\nCONFIG_RD_BZIP2=y\\n"));
    test::write_recipe(work / "recipes" / "kernel-lzma", old_kernel_recipe("kernel-lzma", "CONFIG_RD_LZMA=y\\n"));
    recipe::BuildOptions options;
    options.repo = repo;
    options.work = work / "build";
    auto built = recipe::build_recipes({work / "recipes" / "kernel-old", work / "recipes" / "kernel-lzma"}, options);
    ASSERT_TRUE(built) << built.error().message;
    // Atomically: a test past its own set-up may be reading them while this one writes.
    for (const std::string name : {"kernel-old", "kernel-lzma"})
      ASSERT_TRUE(write_file_atomic(kernels / (name + ".toml"), "[kernel]\nname = \"" + name + "\"\nsummary = \"old\"\npackage = \"" +
                                                                  name + "\"\ncmdline = \"console=ttyS0\"\n"));
  }
  static fs::path definition(const std::string& kernel) {
    return test::write_image(work / "images", "old-" + kernel,
                             "[image]\nname = \"old-" + kernel + "\"\nrepos = [\"@REPO@\", \"" + repo.string() +
                                 "\"]\noscar = [\"nodetools\"]\nkernel = [\"" + kernel + "\"]\nformats = [\"cpio.zst\"]\n");
  }
};

TEST_F(KernelFit, AKernelWithoutZstdGetsAGzipInitramfsEverywhere) {
  const fs::path file = definition("kernel-old");
  const auto plan = test::run_cli("image plan " + quote(file.string()) + " --kernels " + quote(kernels.string()));
  ASSERT_EQ(plan.status, 0) << plan.output;
  EXPECT_THAT(plan.output, HasSubstr("kernel kernel-old (2.6.30-old) unpacks gzip, bzip2 initramfs, not zstd: the initramfs is gzip"));

  auto image = load_image(file);
  ASSERT_TRUE(image) << image.error().message;
  ImageBuildOptions options;
  options.out = work / "out-old";
  options.plan.kernels_dir = kernels;
  auto built = build_image(*image, options);
  ASSERT_TRUE(built) << built.error().message;
  EXPECT_TRUE(built->manifest.artifacts.contains("old-kernel-old.cpio.gz"));
  EXPECT_FALSE(built->manifest.artifacts.contains("old-kernel-old.cpio.zst"));
  EXPECT_THAT(read_file(options.out / "boot.ipxe").value(), HasSubstr("initrd old-kernel-old.cpio.gz"));
  EXPECT_THAT(read_file(options.out / "pxelinux.cfg" / "default").value(), HasSubstr("INITRD old-kernel-old.cpio.gz"));
  // A real gzip stream holding the cpio archive the kernel unpacks.
  const auto listed = test::run("gzip -dc " + quote((options.out / "old-kernel-old.cpio.gz").string()) + " | cpio -it --quiet");
  EXPECT_EQ(listed.status, 0);
  EXPECT_THAT(listed.output, HasSubstr("bin/busybox\n"));
  std::string notes;
  for (const auto& n : built->manifest.notes) notes += n + "\n";
  EXPECT_THAT(notes, HasSubstr("not zstd: the initramfs is gzip"));
}

TEST_F(KernelFit, AKernelThatUnpacksNeitherZstdNorGzipIsRefused) {
  const fs::path file = definition("kernel-lzma");
  const auto plan = test::run_cli("image plan " + quote(file.string()) + " --kernels " + quote(kernels.string()));
  EXPECT_EQ(plan.status, 2) << plan.output;
  const auto build = test::run_cli("image build " + quote(file.string()) + " --kernels " + quote(kernels.string()) +
                                   " --out " + quote((work / "out-lzma").string()));
  EXPECT_EQ(build.status, 2) << build.output;
  EXPECT_THAT(build.output, HasSubstr("old-kernel-lzma.toml: kernel kernel-lzma (2.6.30-old) unpacks lzma initramfs only; "
                                      "ssi-oscar writes zstd or gzip"));
  EXPECT_FALSE(fs::exists(work / "out-lzma"));
}

}  // namespace
}  // namespace ssi::image
