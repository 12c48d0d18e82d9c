// What a kernel can do for an image: initramfs compressions, the C library's minimum kernel,
// and the backports a patch series carries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel/kernel_compat.hpp"

namespace ssi::kernel {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;

TEST(KernelCompat, InitramfsCompressionsComeFromTheRdOptions) {
  EXPECT_THAT(initramfs_compressions("CONFIG_BLK_DEV_INITRD=y\nCONFIG_RD_GZIP=y\nCONFIG_RD_BZIP2=y\nCONFIG_RD_LZMA=y\n"
                                     "# CONFIG_RD_ZSTD is not set\n"),
              ElementsAre("gzip", "bzip2", "lzma"));
  EXPECT_THAT(initramfs_compressions("CONFIG_RD_ZSTD=y\n"), ElementsAre("zstd"));
  EXPECT_THAT(initramfs_compressions(""), ::testing::IsEmpty());
}

TEST(KernelCompat, TheCLibraryOfThisMachineNamesItsMinimumKernel) {
  const auto libc = find_libc("/");
  ASSERT_TRUE(libc);
  // Debian 12's glibc 2.36 is built for Linux 3.2 and later.
  EXPECT_EQ(elf_minimum_kernel(*libc), "3.2.0");
  EXPECT_EQ(elf_minimum_kernel("/etc/hostname"), std::nullopt);
}

// glibc 2.41 (Debian 13) has no ABI note; the release its banner names gives the documented minimum.
TEST(KernelCompat, TheGlibcReleaseGivesTheMinimumWhenTheNoteIsGone) {
  const auto libc = find_libc("/");
  ASSERT_TRUE(libc);
  const auto release = glibc_release(*libc);
  ASSERT_TRUE(release);
  EXPECT_EQ(compare_versions(*release, "2.26"), 1) << *release;
  EXPECT_EQ(glibc_documented_minimum(*release), "3.2.0");
  EXPECT_EQ(glibc_documented_minimum("2.25"), std::nullopt);
  EXPECT_EQ(glibc_release(fs::path(SSI_OSCAR_SOURCE_DIR) / "README.md"), std::nullopt);
}

TEST(KernelCompat, VersionsCompareByNumbers) {
  EXPECT_LT(compare_versions("2.6.30-krg", "3.2.0"), 0);
  EXPECT_GT(compare_versions("6.1.192-node", "3.2.0"), 0);
  EXPECT_EQ(compare_versions("3.2", "3.2.0"), 0);
  EXPECT_GT(compare_versions("2.6.39", "2.6.30"), 0);
}

TEST(KernelCompat, LinuxKrgCarriesTheBackportsDebian12Needs) {
  auto k = load_kernel(fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels" / "linux-krg.toml");
  ASSERT_TRUE(k) << k.error().message;
  const auto backports = compat_backports(*k);
  ASSERT_EQ(backports.size(), 6u);
  EXPECT_EQ(backports.front(), "fs/stat.c: fstatat() with AT_EMPTY_PATH (Linux 2.6.39)");
  EXPECT_EQ(backports.back(), "net/core/rtnetlink.c: newer attributes ignored, RTM_GETLINK by name (Linux 3.3)");
}

}  // namespace
}  // namespace ssi::kernel
