// End to end: images assembled from real RPMs (busybox-static repackaged, a stand-in kernel
// package, an OSCAR package's opkg meta-package), checked against rpm and the files on disk.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "image/image_builder.hpp"
#include "image/image_report.hpp"
#include "image/memory_staging.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "util/fs.hpp"

namespace ssi::image {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using test::quote;

const char* kNodeImage = R"([image]
name = "node"
repos = ["@REPO@"]
oscar = ["nodetools"]
kernel = ["linux-krg", "test-kernel"]
formats = ["dir", "cpio.zst", "tar.zst", "ext4"]
cmdline = "quiet"
[[file]]
source = "motd"
target = "/etc/motd"
[cluster]
session = 4
nodes = [{ name = "node1", id = 1 }, { name = "node2", id = 2, iface = "eth1" }]
)";

class ImageBuild : public ::testing::Test {
 protected:
  TempDir dir;
  ImageBuildOptions options(const fs::path& out) {
    ImageBuildOptions o;
    o.out = out;
    o.plan.kernels_dir = test::image_fixture().kernels;
    o.oscar_packages = test::image_fixture().oscar_packages;
    return o;
  }
  ImageDefinition definition(const std::string& name, const std::string& body) {
    std::ofstream(dir.path() / "motd") << "Welcome to an SSI-OSCAR node\n";
    auto image = load_image(test::write_image(dir.path(), name, body));
    EXPECT_TRUE(image) << image.error().message;
    return image ? *image : ImageDefinition{};
  }
};

TEST_F(ImageBuild, ManifestMatchesTheRpmdbAndTheFilesOnDisk) {
  const auto out = dir.path() / "out";
  auto built = build_image(definition("node", kNodeImage), options(out));
  ASSERT_TRUE(built) << built.error().message;
  const Manifest& m = built->manifest;

  std::string names;
  for (const auto& p : m.packages) names += p.nevra + "\n";
  const auto qa = test::run("rpm --root " + quote((out / "root").string()) + " --dbpath /var/lib/rpm -qa --qf '%{NEVRA}\\n' | sort");
  EXPECT_EQ(qa.output, names);
  std::uint64_t sum = 0;
  for (const auto& p : m.packages) sum += p.installed_size;
  EXPECT_EQ(m.installed_size, sum);
  const auto on_disk = test::run("find " + quote((out / "root").string()) + " ! -type d | wc -l");
  EXPECT_EQ(std::to_string(m.files) + "\n", on_disk.output);
  for (const auto& [file, bytes] : m.artifacts) EXPECT_EQ(bytes, fs::file_size(out / file)) << file;
  EXPECT_EQ(m.artifacts.size(), 4u);  // vmlinuz, cpio.zst, tar.zst, ext4

  for (const auto& p : m.packages) {
    if (p.name == "busybox") {
      EXPECT_EQ(p.group, "oscar:nodetools");
      EXPECT_EQ(p.root, "opkg-nodetools-client");
    } else if (p.name == "kernel-test") {
      EXPECT_EQ(p.group, "kernel");
    }
  }
  ASSERT_TRUE(m.has_kernel);
  EXPECT_EQ(m.kernel.release, "1.0-test");
  EXPECT_EQ(m.kernel.cmdline, "console=ttyS0 quiet");
  ASSERT_EQ(m.kernel.passed_over.size(), 1u);
  EXPECT_THAT(m.kernel.passed_over[0], HasSubstr("linux-krg: its package linux-krg is not in the repositories"));
  EXPECT_THAT(m.notes.at(0), HasSubstr("the image boots test-kernel instead"));

  EXPECT_EQ(read_file(out / "root/etc/kerrighed/kerrighed_nodes").value(), "session=4\nnode1:1:eth0\nnode2:2:eth1\n");
  EXPECT_EQ(read_file(out / "root/etc/motd").value(), "Welcome to an SSI-OSCAR node\n");
  EXPECT_THAT(read_file(out / "root/init").value(), HasSubstr("ssi-oscar-boot: ready"));
  EXPECT_THAT(read_file(out / "root/etc/systemconfig/systemconfig.conf").value(),
              AllOf(HasSubstr("DEFAULTBOOT = test-kernel"), HasSubstr("[KERNEL0]"), HasSubstr("PATH = /boot/vmlinuz-1.0-test"),
                    HasSubstr("APPEND = \"console=ttyS0 quiet\"")));
  EXPECT_EQ(read_file(out / "boot/vmlinuz").value(), "image\n");
  EXPECT_THAT(read_file(out / "pxelinux.cfg/default").value(),
              AllOf(HasSubstr("KERNEL boot/vmlinuz"), HasSubstr("INITRD node.cpio.zst"), HasSubstr("APPEND console=ttyS0 quiet")));
  EXPECT_THAT(read_file(out / "boot.ipxe").value(), HasSubstr("initrd node.cpio.zst"));
  // The ext4 image holds the tree: e2fsprogs reads the node file back.
  const auto ext4 = test::run("debugfs -R 'cat /etc/kerrighed/kerrighed_session' " + quote((out / "node.ext4").string()) + " 2>/dev/null | tail -n 1");
  EXPECT_EQ(ext4.output, "4\n");
}

TEST_F(ImageBuild, SameInputsGiveIdenticalArchivesAndASecondRunSkips) {
  const auto image = definition("node", kNodeImage);
  auto first = build_image(image, options(dir.path() / "a"));
  ASSERT_TRUE(first) << first.error().message;
  auto second = build_image(image, options(dir.path() / "b"));
  ASSERT_TRUE(second) << second.error().message;
  for (const char* archive : {"node.cpio.zst", "node.tar.zst"})
    EXPECT_EQ(read_file(dir.path() / "a" / archive).value(), read_file(dir.path() / "b" / archive).value()) << archive;
  EXPECT_EQ(first->manifest.inputs_sha256, second->manifest.inputs_sha256);
  auto again = build_image(image, options(dir.path() / "a"));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->up_to_date);
}

TEST_F(ImageBuild, AFailedBuildLeavesTheEarlierImageInPlace) {
  const auto out = dir.path() / "out";
  const auto image = definition("node", kNodeImage);
  ASSERT_TRUE(build_image(image, options(out)));
  const std::string manifest = read_file(out / "manifest.json").value();
  // An OSCAR post-image script that fails.
  auto o = options(out);
  o.oscar_packages = dir.path() / "oscar-packages";
  fs::create_directories(o.oscar_packages / "nodetools/scripts");
  std::ofstream(o.oscar_packages / "nodetools/scripts/api-post-image") << "#!/bin/sh\necho \"cannot configure $1\"\nexit 3\n";
  fs::permissions(o.oscar_packages / "nodetools/scripts/api-post-image", static_cast<fs::perms>(0755));
  auto failed = build_image(image, o);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ExitCode::step_failed);
  EXPECT_THAT(failed.error().message, AllOf(HasSubstr("api-post-image: post-image script failed (exit 3)"),
                                            HasSubstr("cannot configure")));
  EXPECT_EQ(read_file(out / "manifest.json").value(), manifest);
  EXPECT_TRUE(fs::exists(out / "node.cpio.zst"));
}

// A tree the image does not keep is installed on the memory file system and removed there, and
// the archives are the same bytes as when it is installed on disk.
TEST_F(ImageBuild, ATreeNotKeptIsStagedInMemoryAndGivesTheSameArchives) {
  const fs::path shm = "/dev/shm";
  const auto memory = memory_file_system(shm);
  if (!memory || !fits_in_memory(*memory, 64u << 20)) GTEST_SKIP() << "no writable tmpfs at /dev/shm with 128 MiB free";
  std::string body = kNodeImage;
  body.replace(body.find(R"(["dir", )"), 8, "[");
  const auto image = definition("node", body);
  auto on_disk = options(dir.path() / "disk");
  on_disk.memory_dir.clear();
  auto built = build_image(image, on_disk);
  ASSERT_TRUE(built) << built.error().message;
  const auto users_dir = shm / ("ssi-oscar-" + std::to_string(::geteuid()));
  const auto staged_here = [&] {
    std::size_t n = 0;
    // This process's only: ctest may run other image builds beside this test.
    for (const auto& e : fs::directory_iterator(users_dir)) n += e.path().filename() == "node.staging." + std::to_string(::getpid());
    return n;
  };
  built = build_image(image, options(dir.path() / "memory"));
  ASSERT_TRUE(built) << built.error().message;
  EXPECT_THAT(read_file(dir.path() / "memory/logs/step-times.txt").value(), HasSubstr("packages (tree in /dev/shm)"));
  EXPECT_THAT(read_file(dir.path() / "disk/logs/step-times.txt").value(), Not(HasSubstr("tree in")));
  for (const char* archive : {"node.cpio.zst", "node.tar.zst"})
    EXPECT_EQ(read_file(dir.path() / "memory" / archive).value(), read_file(dir.path() / "disk" / archive).value()) << archive;
  EXPECT_FALSE(fs::exists(dir.path() / "memory/root"));
  EXPECT_EQ(staged_here(), 0u);

  // A build that fails after the install leaves nothing in memory either.
  auto failing = options(dir.path() / "failed");
  failing.oscar_packages = dir.path() / "oscar-packages";
  fs::create_directories(failing.oscar_packages / "nodetools/scripts");
  std::ofstream(failing.oscar_packages / "nodetools/scripts/api-post-image") << "#!/bin/sh\nexit 3\n";
  fs::permissions(failing.oscar_packages / "nodetools/scripts/api-post-image", static_cast<fs::perms>(0755));
  ASSERT_FALSE(build_image(image, failing));
  EXPECT_EQ(staged_here(), 0u);
}

TEST(MemoryStaging, TakesOnlyAWritableExecutableTmpfsWithRoomForTheTreeTwice) {
  const MemoryFileSystem roomy{.is_tmpfs = true, .writable = true, .allows_exec = true, .free_bytes = 1000};
  EXPECT_TRUE(fits_in_memory(roomy, 500));
  EXPECT_FALSE(fits_in_memory(roomy, 501));
  for (bool MemoryFileSystem::*lacking : {&MemoryFileSystem::is_tmpfs, &MemoryFileSystem::writable, &MemoryFileSystem::allows_exec}) {
    auto m = roomy;
    m.*lacking = false;
    EXPECT_FALSE(fits_in_memory(m, 1));
  }
  EXPECT_FALSE(memory_file_system("/no/such/folder"));
}

TEST(MemoryStaging, UsesOnlyAFolderOfItsOwnThatNoOneElseCanWrite) {
  TempDir dir;
  EXPECT_TRUE(owned_private_folder(dir.path() / "made"));
  EXPECT_EQ(fs::status(dir.path() / "made").permissions() & fs::perms::all, fs::perms::owner_all);
  fs::create_directory(dir.path() / "shared");
  fs::permissions(dir.path() / "shared", static_cast<fs::perms>(0777));
  EXPECT_FALSE(owned_private_folder(dir.path() / "shared"));
  fs::create_directory_symlink(dir.path() / "made", dir.path() / "planted");
  EXPECT_FALSE(owned_private_folder(dir.path() / "planted"));
  if (::geteuid() == 0) {  // a folder another user made: only root can make one here
    fs::create_directory(dir.path() / "theirs");
    fs::permissions(dir.path() / "theirs", static_cast<fs::perms>(0700));
    ASSERT_EQ(::chown((dir.path() / "theirs").c_str(), 65534, 65534), 0);
    EXPECT_FALSE(owned_private_folder(dir.path() / "theirs"));
  }
}

TEST_F(ImageBuild, UnresolvableImageSaysWhyAndWritesNothing) {
  const auto image = definition("broken", R"([image]
name = "broken"
repos = ["@REPO@"]
packages = ["busybox", "no-such-package"]
)");
  auto built = build_image(image, options(dir.path() / "out"));
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().code, ExitCode::unresolvable);
  EXPECT_THAT(built.error().message, HasSubstr("no-such-package"));
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST_F(ImageBuild, DiffAttributesEveryAddedPackageAndTotalsAddUp) {
  auto small = build_image(definition("small", R"([image]
name = "small"
repos = ["@REPO@"]
packages = ["busybox"]
kernel = ["test-kernel"]
)"), options(dir.path() / "small"));
  ASSERT_TRUE(small) << small.error().message;
  auto node = build_image(definition("node", kNodeImage), options(dir.path() / "node"));
  ASSERT_TRUE(node) << node.error().message;
  const ImageDiff d = diff_images(small->manifest, node->manifest);
  // The OSCAR package's client part and the common part it requires; busybox was there already.
  ASSERT_EQ(d.added.size(), 2u);
  for (const auto& added : d.added) {
    EXPECT_THAT(added.name, ::testing::StartsWith("opkg-nodetools"));
    EXPECT_THAT(added.attributed_to, ::testing::StartsWith("OSCAR package nodetools"));
  }
  EXPECT_TRUE(d.removed.empty());
  std::int64_t a = 0, b = 0;
  for (const auto& p : small->manifest.packages) a += static_cast<std::int64_t>(p.installed_size);
  for (const auto& p : node->manifest.packages) b += static_cast<std::int64_t>(p.installed_size);
  EXPECT_EQ(d.installed_delta, b - a);
  std::int64_t changes = 0;
  for (const auto* list : {&d.added, &d.removed, &d.changed})
    for (const auto& c : *list) changes += c.delta;
  EXPECT_EQ(changes, d.installed_delta);
  const SideBySide answer = side_by_side(d.a, dir.path() / "small", d.b, dir.path() / "node");
  const std::string text = diff_text(d, answer);
  EXPECT_THAT(text, AllOf(HasSubstr("Image node against small"), HasSubstr("opkg-nodetools-client"),
                          HasSubstr("OSCAR package nodetools"), HasSubstr("boot test, one node under qemu")));
  // The answer first, the attribution next.
  EXPECT_LT(text.find("packages  "), text.find("What makes the difference"));
  const std::string html = diff_html(d, answer);
  EXPECT_THAT(html, AllOf(HasSubstr("<!DOCTYPE html>"), HasSubstr("class=\"bar"), ::testing::Not(HasSubstr("http"))));
  EXPECT_LT(html.find("class=\"answer\""), html.find("What makes the difference"));
  if (!node->manifest.notes.empty()) {
    EXPECT_LT(html.find("What makes the difference"), html.find("<details><summary>Build notes"));
    EXPECT_THAT(text, ::testing::Not(HasSubstr(node->manifest.notes.front())));
  }
}

TEST_F(ImageBuild, ReportGroupsSizesByOscarPackageFolderAndFile) {
  auto node = build_image(definition("node", kNodeImage), options(dir.path() / "node"));
  ASSERT_TRUE(node) << node.error().message;
  const Report r = make_report(node->manifest);
  std::uint64_t grouped = 0;
  for (const auto& g : r.groups) grouped += g.bytes;
  EXPECT_EQ(grouped, node->manifest.installed_size);
  EXPECT_EQ(r.directories.front().label, "/bin");  // busybox is the biggest thing here
  EXPECT_EQ(r.manifest.largest_files.front().path, "/bin/busybox");
  EXPECT_THAT(report_text(r), AllOf(HasSubstr("OSCAR package nodetools"), HasSubstr("the kernel"), HasSubstr("/bin/busybox")));
  // The build notes close the page, folded, after the sizes.
  const std::string html = report_html(r);
  if (!node->manifest.notes.empty()) {
    EXPECT_LT(html.find("Largest files"), html.find("<details><summary>Build notes"));
  }
  const auto json = report_json(r);
  EXPECT_EQ(json["by_group"].size(), r.groups.size());
}

}  // namespace
}  // namespace ssi::image
