// The usage count on a small tree made here: files are matched through a linked folder (the
// package says /lib, the node saw /usr/lib), a file two packages own counts once in the whole,
// files the image made count in the whole only, and the proposal leaves out the kernel's package,
// packages that ship nothing and packages whose link leads to an opened file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "image/boot_usage.hpp"
#include "util/fs.hpp"

namespace ssi::image {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

void write(const fs::path& file, std::size_t bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << std::string(bytes, 'x');
}

PackageRecord package(const std::string& name, std::vector<std::string> paths) {
  PackageRecord p;
  p.name = name;
  for (auto& path : paths) p.files.push_back({std::move(path), FileKind::file});
  return p;
}

TEST(BootUsage, CountsOpenedFilesPerPackageAndProposesTheUnopenedOnes) {
  TempDir dir;
  const fs::path root = dir.path();
  write(root / "usr/lib/libused.so", 100);
  write(root / "usr/lib/libshared.so", 10);
  write(root / "usr/share/idle/big", 1000);
  write(root / "usr/share/idle/small", 1);
  write(root / "boot/vmlinuz", 500);
  write(root / "etc/made-by-image", 7);
  fs::create_symlink("usr/lib", root / "lib");
  // A package whose only part in use is its link to another package's opened file.
  write(root / "usr/bin/tool-1.0", 20);
  write(root / "usr/share/doc/launcher/README", 3);
  fs::create_symlink("tool-1.0", root / "usr/bin/tool");
  fs::create_symlink("big", root / "usr/share/idle/link");  // leads to a file nobody opened

  Manifest m;
  m.name = "lab";
  m.kernel.package = "kernel-x";
  m.packages = {{"used", "", "", "oscar:base", "used", 0, 0},
                {"idle", "", "", "oscar:extra", "idle", 0, 0},
                {"kernel-x", "", "", "kernel", "kernel-x", 0, 0}};
  const std::vector<PackageRecord> installed = {
      package("used", {"/lib/libused.so", "/lib/libshared.so", "/usr/bin/tool-1.0"}),
      package("idle", {"/usr/share/idle/big", "/usr/share/idle/small", "/usr/lib/libshared.so", "/usr/share/idle/ghost",
                       "/usr/share/idle/link"}),
      package("launcher", {"/usr/bin/tool", "/usr/share/doc/launcher/README"}),
      package("kernel-x", {"/boot/vmlinuz"}),
      package("empty", {"/usr/share/empty/gone"}),
  };
  const auto u = usage_of(root, installed, m, {"/usr/lib/libused.so", "/usr/bin/tool-1.0", "/etc/made-by-image", "/proc/self/stat"});

  EXPECT_EQ(u.total.files, 8u);
  EXPECT_EQ(u.total.bytes, 1641u);
  EXPECT_EQ(u.total.opened_files, 3u);
  EXPECT_EQ(u.total.opened_bytes, 127u);
  ASSERT_EQ(u.packages.size(), 4u);  // "empty" ships no file
  EXPECT_EQ(u.packages[0].name, "idle");
  EXPECT_EQ(u.packages[0].count.files, 3u);  // its ghost is not in the tree, its link is no file
  EXPECT_EQ(u.packages[0].count.bytes, 1011u);
  EXPECT_EQ(u.packages[2].name, "used");
  EXPECT_EQ(u.packages[2].count.opened_files, 2u);
  EXPECT_EQ(u.packages[2].count.files, 3u);
  EXPECT_EQ(u.packages[3].name, "launcher");
  EXPECT_EQ(u.packages[3].count.opened_files, 0u);
  // libshared.so is idle's and used's: not opened, both list it, the whole counts it once.
  // launcher opened none of its files, but the node ran its tool link.
  EXPECT_THAT(u.proposed, ElementsAre("idle"));
  EXPECT_EQ(u.proposed_bytes, 1011u);
  ASSERT_EQ(u.groups.size(), 4u);  // launcher's is none the manifest names
  EXPECT_EQ(u.groups[0].group, "oscar:extra");
  EXPECT_EQ(u.groups[0].count.bytes, 1001u);  // libshared.so went to the first owner's group

  const std::string text = usage_text(u, 2);
  EXPECT_THAT(text, HasSubstr("Usage of lab: 3 of 8 shipped files opened"));
  EXPECT_THAT(text, HasSubstr("not_shipped = [\"idle\"]"));
  EXPECT_THAT(text, HasSubstr("(2 more)"));
  EXPECT_EQ(usage_json(u)["proposed"]["not_shipped"], nlohmann::json::array({"idle"}));
}

TEST(BootUsage, AConsoleListCountsOnlyWhenTheNodeEndedIt) {
  // What the list script prints, amid the node's other words; a path may hold spaces.
  const std::vector<std::string> console = {"ssi-oscar-boot: node n1 address 10.0.0.2/24 on eth0",
                                            "ssi-oscar-used: /usr/bin/mpirun", "ssi-oscar-used: /etc/a file",
                                            "ssi-oscar-used: /usr/bin/mpirun", "ssi-oscar-boot: usage: 2 files opened"};
  EXPECT_EQ(listed_opened(console), (std::set<std::string>{"/etc/a file", "/usr/bin/mpirun"}));
  // Cut off before its last line (the run timed out, the node died): no list rather than part of one.
  EXPECT_EQ(listed_opened({console.begin(), console.end() - 1}), std::nullopt);
}

TEST(BootUsage, AnImageNeverBootedWithUsageSaysHowToGetIt) {
  TempDir dir;
  Manifest m;
  m.name = "lab";
  ASSERT_TRUE(write_file_atomic(dir.path() / "manifest.json", manifest_json(m).dump()));
  const auto u = boot_usage(dir.path());
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code, ExitCode::bad_input);
  EXPECT_THAT(u.error().message, HasSubstr("boot-usage.txt: missing: boot-test the image with --usage first"));
}

}  // namespace
}  // namespace ssi::image
