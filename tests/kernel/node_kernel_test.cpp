// End to end on real source: kernels/node-6.1 rebuilds Debian 12's Linux 6.1 (linux-source-6.1,
// installed by scripts/install-deps) into a kernel RPM. Takes about 10 min on 2 cores, once: later
// runs find the build up to date.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel/source_version.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "util/fs.hpp"

namespace ssi::kernel {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using test::quote;

const fs::path kTarball = "/usr/src/linux-source-6.1.tar.xz";

TEST(NodeKernel, RebuildsDebiansLinuxSourceIntoABootableKernelPackage) {
  std::string why;
  const auto repo = test::node_kernel_repo(why);  // builds it once for every test that needs it
  if (!repo) GTEST_SKIP() << why;
  const fs::path work = repo->parent_path();
  const std::string version = kernel_source_version(kTarball).value();
  const std::string rpm = "kernel-node-" + version + "-1.deb12.x86_64.rpm";
  ASSERT_TRUE(fs::exists(*repo / rpm)) << rpm;
  const std::string release = version + "-node";
  const auto files = test::run("rpm -qpl " + quote((*repo / rpm).string())).output;
  EXPECT_THAT(files, AllOf(HasSubstr("/boot/vmlinuz-" + release + "\n"), HasSubstr("/boot/System.map-" + release + "\n"),
                           HasSubstr("/lib/modules/" + release + "/modules.order\n")));

  const fs::path root = work / "unpacked";
  fs::remove_all(root);
  const auto unpacked = test::run("mkdir -p " + quote(root.string()) + " && cd " + quote(root.string()) + " && rpm2cpio " +
                                  quote((*repo / rpm).string()) + " | cpio -idm --quiet");
  ASSERT_EQ(unpacked.status, 0) << unpacked.output;
  // A real x86 boot image: the setup header's "HdrS" signature at 0x202.
  const std::string image = read_file(root / "boot" / ("vmlinuz-" + release)).value();
  ASSERT_GT(image.size(), 0x206u);
  EXPECT_EQ(image.substr(0x202, 4), "HdrS");
  EXPECT_THAT(read_file(root / "boot" / ("config-" + release)).value(),
              AllOf(HasSubstr("CONFIG_64BIT=y\n"), HasSubstr("CONFIG_SERIAL_8250_CONSOLE=y\n"),
                    HasSubstr("CONFIG_BLK_DEV_INITRD=y\n"), HasSubstr("CONFIG_RD_ZSTD=y\n")));
}

}  // namespace
}  // namespace ssi::kernel
