// kernel_picker's job on an assembled image, and what it refuses: modules or an initrd of
// another release, a kernel whose package is not in the image.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "image/image_builder.hpp"
#include "kernel/kernel_pick.hpp"
#include "rpm/root_installer.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/rpm_factory.hpp"
#include "util/fs.hpp"

namespace ssi::kernel {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using test::quote;

class KernelPick : public ::testing::Test {
 protected:
  TempDir dir;
  fs::path root;
  KernelDefinition kernel;

  void SetUp() override {
    const auto& fixture = test::image_fixture();
    auto image = image::load_image(test::write_image(dir.path(), "bare", R"([image]
name = "bare"
repos = ["@REPO@"]
packages = ["busybox", "kernel-test"]
)"));
    ASSERT_TRUE(image) << image.error().message;
    image::ImageBuildOptions options;
    options.out = dir.path() / "out";
    options.plan.kernels_dir = fixture.kernels;
    ASSERT_TRUE(image::build_image(*image, options));
    root = options.out / "root";
    auto k = find_kernel(fixture.kernels, "test-kernel");
    ASSERT_TRUE(k) << k.error().message;
    kernel = *k;
  }
};

TEST_F(KernelPick, MakesTheKernelTheDefaultAndCopiesIt) {
  auto picked = pick_kernel(root, kernel, "nodes=4", dir.path() / "boot");
  ASSERT_TRUE(picked) << picked.error().message;
  EXPECT_EQ(picked->release, "1.0-test");
  EXPECT_EQ(picked->cmdline, "console=ttyS0 nodes=4");
  EXPECT_EQ(read_file(dir.path() / "boot/vmlinuz").value(), "image\n");
  EXPECT_EQ(read_file(root / "etc/systemconfig/systemconfig.conf").value(),
            "# Written by ssi-oscar kernel pick: the image boots test-kernel (1.0-test) by default.\n"
            "CONFIG_VERSION = 1.0\n\n[BOOT]\n\tDEFAULTBOOT = test-kernel\n\n[KERNEL0]\n"
            "\tPATH = /boot/vmlinuz-1.0-test\n\tLABEL = test-kernel\n\tAPPEND = \"console=ttyS0 nodes=4\"\n");
}

TEST_F(KernelPick, RefusesModulesOfAnotherRelease) {
  fs::rename(root / "lib/modules/1.0-test", root / "lib/modules/2.0-other");
  auto picked = pick_kernel(root, kernel, "", dir.path() / "boot");
  ASSERT_FALSE(picked);
  EXPECT_EQ(picked.error().code, ExitCode::bad_input);
  EXPECT_THAT(picked.error().message, HasSubstr("is release 1.0-test but the image has modules for: 2.0-other"));
  EXPECT_FALSE(fs::exists(dir.path() / "boot/vmlinuz"));
}

TEST_F(KernelPick, RefusesAnInitrdBuiltForAnotherKernel) {
  const fs::path tree = dir.path() / "initrd-tree";
  fs::create_directories(tree / "lib/modules/9.9-other/kernel");
  const auto packed = test::run("cd " + quote(tree.string()) + " && find . | cpio -o -H newc --quiet | gzip > " +
                                quote((root / "boot/initrd.img-1.0-test").string()));
  ASSERT_EQ(packed.status, 0) << packed.output;
  auto picked = pick_kernel(root, kernel, "", dir.path() / "boot");
  ASSERT_FALSE(picked);
  EXPECT_THAT(picked.error().message, AllOf(HasSubstr("initrd.img-1.0-test: built for kernel 9.9-other, not for 1.0-test")));
}

TEST_F(KernelPick, AcceptsAMatchingInitrdAndCopiesItToo) {
  const fs::path tree = dir.path() / "initrd-tree";
  fs::create_directories(tree / "usr/lib/modules/1.0-test");
  ASSERT_EQ(test::run("cd " + quote(tree.string()) + " && find . | cpio -o -H newc --quiet | gzip > " +
                      quote((root / "boot/initrd.img-1.0-test").string()))
                .status,
            0);
  auto picked = pick_kernel(root, kernel, "", dir.path() / "boot");
  ASSERT_TRUE(picked) << picked.error().message;
  EXPECT_TRUE(fs::exists(dir.path() / "boot/initrd"));
  EXPECT_THAT(read_file(root / "etc/systemconfig/systemconfig.conf").value(), HasSubstr("INITRD = /boot/initrd.img-1.0-test"));
}

TEST_F(KernelPick, RefusesAKernelWhosePackageIsNotInstalled) {
  KernelDefinition other = kernel;
  other.name = "node-6.1";
  other.package = "kernel-node";
  auto picked = pick_kernel(root, other, "", dir.path() / "boot");
  ASSERT_FALSE(picked);
  EXPECT_THAT(picked.error().message, HasSubstr("kernel node-6.1: its package kernel-node is not installed in the image"));
}

TEST_F(KernelPick, FollowsAMetaPackageToTheKernelItRequires) {
  test::TestPackage meta;
  meta.name = "kernel-meta";
  meta.arch = "noarch";
  meta.requires_ = {"kernel-test"};
  const auto rpms = test::build_rpms({meta}, dir.path() / "meta");
  ASSERT_TRUE(rpm::install_into_root(root, rpms, rpm::Scriptlets::skip, 1700000000));
  KernelDefinition via_meta = kernel;
  via_meta.package = "kernel-meta";
  auto picked = pick_kernel(root, via_meta, "", dir.path() / "boot");
  ASSERT_TRUE(picked) << picked.error().message;
  EXPECT_EQ(picked->release, "1.0-test");
}

TEST_F(KernelPick, CommandLinePicksIntoAnImageFolder) {
  const auto r = test::run_cli("kernel pick test-kernel --kernels " + quote(test::image_fixture().kernels.string()) +
                               " --image " + quote((dir.path() / "out").string()));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("test-kernel (1.0-test) is the default boot entry"));
  EXPECT_TRUE(fs::exists(dir.path() / "out/boot/vmlinuz"));
  fs::rename(root / "lib/modules/1.0-test", root / "lib/modules/2.0-other");
  const auto refused = test::run_cli("kernel pick test-kernel --kernels " + quote(test::image_fixture().kernels.string()) +
                                     " --image " + quote((dir.path() / "out").string()));
  EXPECT_EQ(refused.status, 2) << refused.output;
}

}  // namespace
}  // namespace ssi::kernel
