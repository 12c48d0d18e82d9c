// End to end on a real kernel: Debian's own linux-image, picked into a busybox image (the first
// of its acceptable kernels that its repositories hold) that boots under qemu to the init hook's
// marker, whole or slimmed to the modules it names; a broken init fails; a boot with --usage lists
// what the node opened, and the image built with what that proposes to leave out boots too.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "boot/boot_test.hpp"
#include "image/boot_usage.hpp"
#include "image/image_builder.hpp"
#include "image/manifest.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/rpm_factory.hpp"
#include "util/fs.hpp"
#include "util/subprocess.hpp"

namespace ssi::image {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::Not;

const char* kBootImage = R"([image]
name = "bootable"
repos = ["@REPO@", "@KERNEL_REPO@"]
packages = ["busybox"]
kernel = ["linux-krg", "debian"]
[cluster]
session = 2
nodes = [{ name = "node1", id = 1 }, { name = "node2", id = 2 }]
)";

class BootTest : public ::testing::Test {
 protected:
  TempDir dir;
  fs::path kernel_repo;

  void SetUp() override {
    std::string why;
    auto repo = test::debian_kernel_repo(why);
    if (!repo) {
      if (test::under_ci()) FAIL() << why;
      GTEST_SKIP() << why;
    }
    if (!program_available("qemu-system-x86_64")) {
      if (test::under_ci()) FAIL() << "qemu-system-x86 is not installed (scripts/install-deps installs it)";
      GTEST_SKIP() << "qemu-system-x86 is not installed";
    }
    kernel_repo = *repo;
  }

  fs::path build(const std::string& body, const std::string& name) {
    auto image = load_image(test::write_image(dir.path(), name, body, kernel_repo));
    EXPECT_TRUE(image) << image.error().message;
    ImageBuildOptions options;
    options.out = dir.path() / name;
    options.plan.kernels_dir = test::image_fixture().kernels;
    auto built = build_image(*image, options);
    EXPECT_TRUE(built) << built.error().message;
    return options.out;
  }
};

TEST_F(BootTest, TheFirstAvailableKernelBootsTheImageToItsMarker) {
  const fs::path out = build(kBootImage, "bootable");
  auto result = boot::boot_test(out, {});
  ASSERT_TRUE(result) << result.error().message;
  // linux-krg is not in the image's repositories: Debian 12's kernel is the first available.
  EXPECT_THAT(result->node_lines, AllOf(HasSubstr("hostname=node"), HasSubstr("kernel=6.1.0-"), HasSubstr("-amd64 image=bootable"),
                                        HasSubstr("kerrighed_nodes: session=2"), HasSubstr("kerrighed_nodes: node2:2:eth0"),
                                        HasSubstr("ssi-oscar-boot: ready")));
  EXPECT_THAT(read_file(result->log).value(), HasSubstr("Linux version 6.1"));
}

TEST_F(BootTest, ABrokenInitFailsWithTheLogTail) {
  // An init that gives up: the kernel panics ("Attempted to kill init!") and qemu stops.
  std::ofstream(dir.path() / "broken-init") << "#!/bin/sh\necho 'init: no root file system'\nexit 1\n";
  const fs::path out = build(std::string(kBootImage) + "[[file]]\nsource = \"broken-init\"\ntarget = \"/init\"\nmode = \"0755\"\n",
                             "broken");
  boot::BootTestOptions options;
  options.timeout = std::chrono::seconds(60);
  auto result = boot::boot_test(out, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ExitCode::step_failed);
  EXPECT_THAT(result.error().message,
              AllOf(HasSubstr("bootable: boot test failed: qemu ended without the boot marker; the kernel panicked: not syncing: Attempted to kill init!"),
                    HasSubstr((out / "boot-test.log").string())));
  const auto cli = test::run_cli("image boot-test " + test::quote(out.string()) + " --timeout 60");
  EXPECT_EQ(cli.status, 4) << cli.output;
}

TEST_F(BootTest, MissingQemuIsSaidPlainly) {
  const fs::path out = build(kBootImage, "bootable");
  boot::BootTestOptions options;
  options.qemu = "qemu-system-none";
  auto result = boot::boot_test(out, options);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("qemu-system-none: not installed"));
}

// Debian's kernel slimmed to ext4: its closure (jbd2, mbcache, crc16, and both crc32c modules its
// soft dependency's alias names) stays, every other module leaves the tree with its bytes
// counted, modules.dep is made again, and the node still loads it.
TEST_F(BootTest, ASlimmedDebianKernelKeepsTheNamedModulesClosureAndTheNodeLoadsThem) {
  std::string body = kBootImage;
  const fs::path whole = build(body, "whole");
  std::ofstream(dir.path() / "load.sh") << "modprobe ext4 && lsmod | grep -q '^ext4 ' && echo 'ssi-oscar-boot: slim check: ext4 loaded'"
                                           " || echo 'ssi-oscar-boot: slim check: FAILED'\n";
  body.insert(body.find("[cluster]"), "modules = { debian = [\"ext4\"] }\n"
                                      "[[file]]\nsource = \"load.sh\"\ntarget = \"/etc/ssi-oscar/boot-test.d/load.sh\"\n");
  const fs::path slim = build(body, "slim");

  const auto module_files = [](const fs::path& image) {
    std::map<std::string, std::uintmax_t> files;
    for (const auto& e : fs::recursive_directory_iterator(image / "root/lib/modules"))
      if (e.is_regular_file() && e.path().extension() == ".ko") files[e.path().filename().string()] = e.file_size();
    return files;
  };
  const auto before = module_files(whole), after = module_files(slim);
  EXPECT_THAT(after, ElementsAre(Key("crc16.ko"), Key("crc32c-intel.ko"), Key("crc32c_generic.ko"), Key("ext4.ko"), Key("jbd2.ko"),
                                 Key("mbcache.ko")));
  ASSERT_TRUE(before.contains("e1000.ko"));
  std::uintmax_t left_out = 0;
  for (const auto& [file, size] : before)
    if (!after.contains(file)) left_out += size;
  const auto manifest = load_manifest(slim);
  ASSERT_TRUE(manifest) << manifest.error().message;
  ASSERT_TRUE(manifest->kernel.slimmed);
  EXPECT_EQ(manifest->kernel.slimmed->modules_kept, 6u);
  EXPECT_EQ(manifest->kernel.slimmed->modules_left_out, before.size() - 6);
  EXPECT_EQ(manifest->kernel.slimmed->bytes_left_out, left_out);
  EXPECT_FALSE(load_manifest(whole)->kernel.slimmed);
  const std::string dep = read_file(slim / "root/lib/modules" / manifest->kernel.release / "modules.dep").value();
  EXPECT_THAT(dep, AllOf(HasSubstr("kernel/fs/ext4/ext4.ko: "), HasSubstr(" kernel/fs/jbd2/jbd2.ko"), HasSubstr(" kernel/fs/mbcache.ko"),
                         Not(HasSubstr("e1000.ko"))));
  const auto report = test::run_cli("image report " + test::quote(slim.string()));
  EXPECT_THAT(report.output, HasSubstr("Kernel modules: 6 kept (closure of ext4); " + std::to_string(before.size() - 6) + " modules"));

  auto result = boot::boot_test(slim, {});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(result->node_lines, AllOf(HasSubstr("slim check: ext4 loaded"), HasSubstr("ssi-oscar-boot: modules loaded:"), HasSubstr(" ext4"),
                                        HasSubstr(" jbd2"), HasSubstr(" mbcache"), HasSubstr("ssi-oscar-boot: ready")));
}

// Two data packages, one read by the image's boot check and one never opened: the node lists
// what it opened, `usage` proposes the idle package alone (not the kernel's, whose modules the
// node never loaded either), and the image built with that proposal passes its check again.
TEST_F(BootTest, UsageProposesWhatTheNodeNeverOpenedAndTheImageWithoutItStillBoots) {
  test::TestPackage used = test::noarch_package("used-data"), idle = test::noarch_package("idle-data");
  used.files = {"/usr/share/used-data/table"};
  idle.files = {"/usr/share/idle-data/a", "/usr/share/idle-data/b"};
  test::build_rpms({used, idle}, dir.path() / "data");
  std::ofstream(dir.path() / "read.sh") << "grep -q . /usr/share/used-data/table && echo 'ssi-oscar-boot: usage check: table read'"
                                           " || echo 'ssi-oscar-boot: usage check: FAILED'\n";
  std::string body = std::string("[image]\nname = \"usage\"\nrepos = [\"@REPO@\", \"@KERNEL_REPO@\", \"") +
                     (dir.path() / "data").string() +
                     "\"]\npackages = [\"busybox\", \"used-data\", \"idle-data\"]\nkernel = [\"debian\"]\n"
                     "[[file]]\nsource = \"read.sh\"\ntarget = \"/etc/ssi-oscar/boot-test.d/read.sh\"\n";
  const fs::path whole = build(body, "whole");
  EXPECT_EQ(test::run_cli("image usage " + test::quote(whole.string())).status, 2);  // not boot-tested with --usage yet

  boot::BootTestOptions options;
  options.usage = true;
  auto booted = boot::boot_test(whole, options);
  ASSERT_TRUE(booted) << booted.error().message;
  EXPECT_THAT(booted->node_lines, AllOf(HasSubstr("usage check: table read"), HasSubstr("ssi-oscar-boot: usage: ")));
  const std::string list = read_file(image::boot_usage_file(whole)).value();
  EXPECT_THAT(list, AllOf(HasSubstr("/usr/share/used-data/table\n"), HasSubstr("/etc/ssi-oscar/boot-test.d/read.sh\n"),
                          Not(HasSubstr("idle-data"))));
  EXPECT_EQ(booted->used_files, static_cast<std::size_t>(std::count(list.begin(), list.end(), '\n')));

  auto usage = boot_usage(whole);
  ASSERT_TRUE(usage) << usage.error().message;
  EXPECT_THAT(usage->proposed, ElementsAre("idle-data"));
  EXPECT_EQ(usage->proposed_files, 2u);
  EXPECT_EQ(usage->proposed_bytes, fs::file_size(whole / "root/usr/share/idle-data/a") + fs::file_size(whole / "root/usr/share/idle-data/b"));
  const auto row = [&](const std::string& name) {
    return *std::find_if(usage->packages.begin(), usage->packages.end(), [&](const PackageUsage& p) { return p.name == name; });
  };
  EXPECT_EQ(row("used-data").count.opened_files, 1u);
  EXPECT_EQ(row("busybox").count.opened_files, 2u);  // its one binary (every applet) and /etc/hostname
  EXPECT_GT(row("kernel-debian").count.files, 0u);  // shipped, its modules unloaded, and not proposed
  const auto cli = test::run_cli("image usage " + test::quote(whole.string()));
  EXPECT_EQ(cli.status, 0) << cli.output;
  EXPECT_THAT(cli.output, HasSubstr("not_shipped = [\"idle-data\"]"));

  body.insert(body.find("[[file]]"), "not_shipped = [\"idle-data\"]\n");
  const fs::path lean = build(body, "lean");
  EXPECT_FALSE(fs::exists(lean / "root/usr/share/idle-data/a"));
  auto again = boot::boot_test(lean, {});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_THAT(again->node_lines, AllOf(HasSubstr("usage check: table read"), Not(HasSubstr("FAILED"))));
}

// A layered initramfs boots: Linux unpacks every segment (the tree with the init hook, the
// packages with busybox, the kernel's modules); a changed file of the tree packs that layer
// again and takes the others from the cache.
TEST_F(BootTest, ALayeredInitramfsBootsAndAChangedFilePacksOnlyItsLayerAgain) {
  const auto write_check = [this](const std::string& words) {
    std::ofstream(dir.path() / "layers.sh") << "test -x /bin/busybox && ls /lib/modules/*/kernel/fs/ext4/ext4.ko >/dev/null && "
                                               "echo 'ssi-oscar-boot: layers check: " << words << "'\n";
  };
  write_check("every layer unpacked");
  std::string body = kBootImage;
  body.insert(body.find("[cluster]"), "initramfs_layers = true\n[[file]]\nsource = \"layers.sh\"\n"
                                      "target = \"/etc/ssi-oscar/boot-test.d/layers.sh\"\n");
  auto image = load_image(test::write_image(dir.path(), "layered", body, kernel_repo));
  ASSERT_TRUE(image) << image.error().message;
  ImageBuildOptions options;
  options.out = dir.path() / "layered";
  options.plan.kernels_dir = test::image_fixture().kernels;
  auto first = build_image(*image, options);
  ASSERT_TRUE(first) << first.error().message;
  std::vector<std::string> names;
  for (const auto& l : first->manifest.initramfs_layers) names.push_back(l.name);
  EXPECT_THAT(names, ElementsAre("tree", "kernel", "packages"));
  EXPECT_EQ(first->layers_reused, 0u);
  EXPECT_EQ(first->manifest.artifacts.at("bootable.cpio.zst"), fs::file_size(options.out / "bootable.cpio.zst"));
  EXPECT_THAT(test::run_cli("image report " + test::quote(options.out.string())).output, HasSubstr("Initramfs layers: tree "));

  auto booted = boot::boot_test(options.out, {});
  ASSERT_TRUE(booted) << booted.error().message;
  EXPECT_THAT(booted->node_lines, AllOf(HasSubstr("layers check: every layer unpacked"), HasSubstr("ssi-oscar-boot: ready")));

  write_check("changed");
  auto second = build_image(*image, options);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->layers_reused, 2u);  // the kernel and the packages
  EXPECT_EQ(second->manifest.initramfs_layers.at(1).bytes, first->manifest.initramfs_layers.at(1).bytes);
}

}  // namespace
}  // namespace ssi::image
