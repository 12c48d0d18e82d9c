// kernels/node-6.1 as shipped, on the real linux-source-6.1 package (installed by
// scripts/install-deps): its source is found through dpkg's record of the package and checked
// against it, its version read from the tarball, and its build configures tinyconfig plus the
// node's options. Building it (about 10 minutes of two cores) is left to `kernel build`: the
// suite's kernel builds are linux-krg's, on Debian 12 and 13 (tests/kernel/linux_krg_test.cpp,
// tests/image/ssi_image_test.cpp), through the same recipe builder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "kernel/kernel_build.hpp"
#include "kernel/kernel_definition.hpp"
#include "kernel/source_version.hpp"
#include "support/image_fixture.hpp"
#include "util/fs.hpp"

namespace ssi::kernel {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

const fs::path kTarball = "/usr/src/linux-source-6.1.tar.xz";

class NodeKernel : public ::testing::Test {
 protected:
  KernelDefinition definition;

  void SetUp() override {
    if (!fs::exists(kTarball)) {
      if (test::under_ci()) FAIL() << "linux-source-6.1 is not installed (scripts/install-deps installs it)";
      GTEST_SKIP() << "linux-source-6.1 is not installed (scripts/install-deps installs it)";
    }
    auto k = find_kernel(fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels", "node-6.1");
    ASSERT_TRUE(k) << k.error().message;
    definition = *k;
  }
};

TEST_F(NodeKernel, DebiansLinuxSourceIsFoundByDpkgsRecordAndConfiguredAsTheNodesKernel) {
  auto recipe = kernel_build_recipe(definition, {});
  ASSERT_TRUE(recipe) << recipe.error().message;
  EXPECT_EQ(recipe->version, kernel_source_version(kTarball).value());
  EXPECT_EQ(recipe->name, "kernel-node");
  EXPECT_THAT(recipe->build, AllOf(HasSubstr(" tinyconfig\n"), HasSubstr("CONFIG_E1000=y\n"), HasSubstr("CONFIG_NFS_V3=y\n"),
                                   HasSubstr("oldconfig")));
}

// A tarball of that name in a folder searched first is held to dpkg's record of the package.
TEST_F(NodeKernel, AnotherTarballOfTheSameNameIsRefusedByTheRecordsChecksum) {
  TempDir dir;
  std::ofstream(dir.path() / kTarball.filename()) << "not Linux\n";
  KernelBuildOptions options;
  options.build.source_dirs = {dir.path()};
  auto recipe = kernel_build_recipe(definition, options);
  ASSERT_FALSE(recipe);
  EXPECT_EQ(recipe.error().code, ExitCode::bad_input);
  EXPECT_THAT(recipe.error().message, AllOf(HasSubstr((dir.path() / kTarball.filename()).string() + ": checksum mismatch: expected md5 "),
                                            HasSubstr("node-6.1.toml:")));
}

}  // namespace
}  // namespace ssi::kernel
