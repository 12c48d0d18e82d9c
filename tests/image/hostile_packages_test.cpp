// Hostile RPMs in `image build`: symlinks out of the root with files installed through them, a
// symlink where the image passes write, set-ID files, a device node, hard links across folders.
// rpm installs chrooted and the passes resolve paths as chroot would: nothing lands outside the
// image root, and the manifest lists the set-ID files and the device node.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/rpm_factory.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using test::quote;

TEST(HostilePackages, NothingLandsOutsideTheImageRootAndSpecialFilesAreListed) {
  const auto& fixture = test::image_fixture();
  const fs::path work = test::scratch_dir();
  const std::string marker = "ssi-escape-rpm-" + std::to_string(::getpid());
  // Host folders a non-chrooted install or a host-side write would land in.
  const fs::path host_dir = fs::temp_directory_path() / (marker + "-files"),
                 host_config = fs::temp_directory_path() / (marker + "-config");
  fs::create_directories(host_dir);
  fs::create_directories(host_config);

  test::TestPackage linker = test::noarch_package("linker");
  linker.install = "ln -s " + host_dir.string() + " %{buildroot}/evil";
  linker.file_lines = {"/evil"};
  test::TestPackage writer = test::noarch_package("writer");
  writer.requires_ = {"linker"};
  writer.files = {"/evil/pwned"};
  test::TestPackage config_link = test::noarch_package("config-link");
  config_link.install = "mkdir -p %{buildroot}/etc && ln -s " + host_config.string() + " %{buildroot}/etc/systemconfig";
  config_link.file_lines = {"/etc/systemconfig"};
  test::TestPackage special = test::noarch_package("special");
  special.install =
      "mkdir -p %{buildroot}/usr/bin %{buildroot}/a %{buildroot}/b\n"
      "echo tool > %{buildroot}/usr/bin/suid-tool\necho tool > %{buildroot}/usr/bin/sgid-tool\n"
      "echo one > %{buildroot}/a/one && ln %{buildroot}/a/one %{buildroot}/b/two";
  special.file_lines = {"%attr(4755,root,root) /usr/bin/suid-tool", "%attr(2755,root,root) /usr/bin/sgid-tool",
                        "%dev(c,1,3) /dev/null-like", "/a/one", "/b/two"};
  test::build_rpms({linker, writer, config_link, special}, work / "hostile");

  const auto build = [&](const std::string& name, const std::string& packages) {
    const fs::path definition = test::write_image(
        work, name, "[image]\nname = \"" + name + "\"\nrepos = [\"@REPO@\", \"" + (work / "hostile").string() +
                        "\"]\npackages = [" + packages + "]\nkernel = [\"test-kernel\"]\nformats = [\"dir\", \"cpio.zst\"]\n");
    return test::run_cli("image build " + quote(definition.string()) + " --kernels " + quote(fixture.kernels.string()) +
                         " --out " + quote((work / name).string()));
  };
  // A file installed through a symlink that leaves the root: rpm (chrooted) will not follow it.
  const auto through = build("through", "\"busybox\", \"writer\"");
  EXPECT_EQ(through.status, 4) << through.output;
  EXPECT_THAT(through.output, HasSubstr("unpacking of archive failed on file /evil/pwned: cpio: open failed"));
  EXPECT_THAT(through.output, HasSubstr("writer-1.0-1.noarch: install failed"));
  EXPECT_FALSE(fs::exists(work / "through"));

  // A symlink where the image passes write (kernel_picker's /etc/systemconfig), set-ID files, a
  // device node and hard links: the image builds, everything inside its root.
  const auto r = build("hostile", "\"busybox\", \"linker\", \"config-link\", \"special\"");
  ASSERT_EQ(r.status, 0) << r.output;
  const fs::path out = work / "hostile";

  // Outside: untouched.
  EXPECT_TRUE(fs::is_empty(host_dir));
  EXPECT_TRUE(fs::is_empty(host_config));
  // Inside: what chroot semantics give, within the root.
  const fs::path root = out / "root";
  EXPECT_TRUE(fs::is_regular_file(root / host_config.relative_path() / "systemconfig.conf"));
  struct stat one {}, two {};
  ASSERT_EQ(::stat((root / "a/one").c_str(), &one), 0);
  ASSERT_EQ(::stat((root / "b/two").c_str(), &two), 0);
  EXPECT_EQ(one.st_ino, two.st_ino);  // the hard link across folders stays one file in the root

  const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json").value());
  std::map<std::string, std::string> special_files;
  for (const auto& f : manifest.at("special_files")) special_files[f.at("path")] = f.at("kind");
  EXPECT_EQ(special_files["/usr/bin/suid-tool"], "setuid");
  EXPECT_EQ(special_files["/usr/bin/sgid-tool"], "setgid");
  EXPECT_EQ(special_files["/dev/null-like"], "character device 1:3");
  fs::remove_all(host_dir);
  fs::remove_all(host_config);
}

}  // namespace
}  // namespace ssi
