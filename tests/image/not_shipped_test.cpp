// End to end: a package the image installs for its dependents' sake but does not ship stays in
// the image's rpmdb while its files leave the tree and the initramfs; the manifest counts what
// left (checked against rpm's own file sizes) and the report says it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <sys/stat.h>

#include "image/image_report.hpp"
#include "image/manifest.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "util/fs.hpp"

namespace ssi::image {
namespace {
namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using test::quote;

TEST(NotShipped, ThePackageStaysInTheRpmdbAndItsFilesLeaveTheTreeAndTheInitramfs) {
  TempDir dir;
  // busybox is what opkg-nodetools-client requires: the transaction still needs it.
  auto built = test::build_image(dir.path(), "lean", R"([image]
name = "lean"
repos = ["@REPO@"]
oscar = ["nodetools"]
not_shipped = ["busy*", "libllvm*"]
formats = ["dir", "cpio.zst"]
)");
  ASSERT_TRUE(built) << built.error().message;
  const fs::path root = *built / "root";
  const std::string rpm = "rpm --root " + quote(root.string()) + " --dbpath /var/lib/rpm ";
  EXPECT_EQ(test::run(rpm + "-q busybox >/dev/null").status, 0) << "busybox left the rpmdb";

  // rpm's own list: every non-folder file of busybox is gone, and their sizes add up to the manifest's.
  const auto listed = test::run(rpm + "-q --qf '[%{FILEMODES:perms} %{FILESIZES} %{FILENAMES}\\n]' busybox");
  ASSERT_EQ(listed.status, 0) << listed.output;
  std::uint64_t bytes = 0, files = 0;
  std::istringstream lines(listed.output);
  for (std::string perms, size, path; lines >> perms >> size >> path;) {
    if (perms.starts_with("d")) continue;
    struct stat st {};
    EXPECT_NE(::lstat((root / fs::path(path).relative_path()).c_str(), &st), 0) << path << " is still in the tree";
    ++files;
    if (perms.starts_with("-")) bytes += std::stoull(size);
  }
  ASSERT_GT(files, 0u);

  auto m = load_manifest(*built);
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_TRUE(m->not_shipped);
  EXPECT_THAT(m->not_shipped->packages, ElementsAre("busybox"));
  EXPECT_THAT(m->not_shipped->unmatched, ElementsAre("libllvm*"));
  EXPECT_EQ(m->not_shipped->files, files);
  EXPECT_EQ(m->not_shipped->bytes, bytes);
  EXPECT_THAT(m->notes, Contains("not_shipped: \"libllvm*\" names no installed package"));

  const auto archive = test::run("zstd -dc " + quote((*built / "lean.cpio.zst").string()) + " | cpio -it --quiet");
  ASSERT_EQ(archive.status, 0) << archive.output;
  EXPECT_THAT(archive.output, ::testing::Not(HasSubstr("bin/busybox")));
  EXPECT_THAT(archive.output, HasSubstr("usr/lib/oscar/packages/nodetools/config.xml"));  // the client package's file stays

  EXPECT_THAT(report_text(make_report(*m), 10), HasSubstr("Not shipped: 1 package (busybox), " + std::to_string(files) + " files, "));
}

}  // namespace
}  // namespace ssi::image
