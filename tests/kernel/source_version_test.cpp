// The kernel package's version comes from the source's own Makefile.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel/source_version.hpp"
#include "support/process.hpp"
#include "util/fs.hpp"

namespace ssi::kernel {
namespace {
using ::testing::HasSubstr;

TEST(KernelSourceVersion, ReadsTheVersionVariables) {
  EXPECT_EQ(kernel_makefile_version("# SPDX\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\nEXTRAVERSION =\nNAME = Curry\n", "m").value(),
            "6.1.192");
  EXPECT_EQ(kernel_makefile_version("VERSION = 2\nPATCHLEVEL = 6\nSUBLEVEL = 30\nEXTRAVERSION = -rc1\n", "m").value(),
            "2.6.30~rc1");
  // KERNELVERSION and friends must not be taken for VERSION.
  EXPECT_EQ(kernel_makefile_version("KERNELVERSION = 9\nVERSION = 5\nPATCHLEVEL = 10\n", "m").value(), "5.10");
  auto bad = kernel_makefile_version("all:\n\techo hi\n", "x/Makefile");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("x/Makefile: not a Linux source tree"));
}

TEST(KernelSourceVersion, ReadsTheTopLevelMakefileOfATarball) {
  TempDir dir;
  const auto packed = test::run(std::string(SSI_OSCAR_SOURCE_DIR) + "/tests/fixtures/pack-fixture linux-2.6.30 " +
                                test::quote(dir.path().string()));
  ASSERT_EQ(packed.status, 0) << packed.output;
  EXPECT_EQ(kernel_source_version(dir.path() / "linux-2.6.30.tar.bz2").value(), "2.6.30");
  ASSERT_TRUE(write_file_atomic(dir.path() / "junk.tar.bz2", "not a tarball"));
  auto junk = kernel_source_version(dir.path() / "junk.tar.bz2");
  ASSERT_FALSE(junk);
  EXPECT_THAT(junk.error().message, HasSubstr("junk.tar.bz2"));
}

}  // namespace
}  // namespace ssi::kernel
