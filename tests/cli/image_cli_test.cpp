// The image commands through the binary: output shape, JSON, HTML files and exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "util/fs.hpp"

#include <regex>

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using test::quote;

class ImageCli : public ::testing::Test {
 protected:
  TempDir dir;
  std::string kernels() { return " --kernels " + quote(test::image_fixture().kernels.string()); }
  fs::path image(const std::string& name, const std::string& extra) {
    return test::write_image(dir.path(), name, "[image]\nname = \"" + name + "\"\nrepos = [\"@REPO@\"]\n" + extra);
  }
};

TEST_F(ImageCli, PlanGroupsPackagesAndPredictsTheSize) {
  const auto r = test::run_cli("image plan " + quote(image("node", "oscar = [\"nodetools\"]\nkernel = [\"linux-krg\", \"test-kernel\"]\n").string()) +
                               kernels());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr("Kernel passed over: linux-krg"), HasSubstr("Kernel: test-kernel (package kernel-test)"),
                              HasSubstr("OSCAR package nodetools: 3 packages"), HasSubstr("busybox-1.35.0-1.x86_64"),
                              HasSubstr("needed by opkg-nodetools-client"), HasSubstr("Predicted: 4 packages")));
  const auto json = test::run_cli("image plan --json " + quote((dir.path() / "node.toml").string()) + kernels());
  ASSERT_EQ(json.status, 0) << json.output;
  const auto j = nlohmann::json::parse(json.output);
  EXPECT_EQ(j["packages"].size(), 4u);
  EXPECT_EQ(j["kernel"], "test-kernel");
}

TEST_F(ImageCli, ExitCodesForBadDefinitionsAndUnresolvableImages) {
  const auto bad = test::run_cli("image plan " + quote(image("bad", "formats = [\"iso\"]\n").string()) + kernels());
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_THAT(bad.output, HasSubstr("bad.toml:4: image.formats"));
  const auto unknown = test::run_cli("image build " + quote(image("unknown", "packages = [\"nope\"]\n").string()) + kernels() +
                                     " --out " + quote((dir.path() / "out").string()));
  EXPECT_EQ(unknown.status, 3) << unknown.output;
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
  const auto no_kernel = test::run_cli("image plan " + quote(image("nok", "kernel = [\"linux-krg\"]\n").string()) + kernels());
  EXPECT_EQ(no_kernel.status, 3) << no_kernel.output;
  EXPECT_THAT(no_kernel.output, AllOf(HasSubstr("none of the acceptable kernels is available"),
                                      HasSubstr("ssi-oscar kernel build linux-krg makes it")));
}

TEST_F(ImageCli, ANameThatLeavesTheOutputFolderIsRefusedAndNothingIsWritten) {
  const fs::path file = dir.path() / "nested" / "deeper" / "escape.toml";
  fs::create_directories(file.parent_path());
  const auto body = read_file(image("template", "packages = [\"busybox\"]\nkernel = [\"test-kernel\"]\n")).value();
  ASSERT_TRUE(write_file_atomic(file, std::regex_replace(body, std::regex("name = \"template\""), "name = \"../../escape\"")));
  const fs::path out = dir.path() / "nested" / "deeper" / "out";
  const auto r = test::run_cli("image build " + quote(file.string()) + kernels() + " --out " + quote(out.string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("escape.toml:2: image.name: letters, digits and ._+- only"));
  EXPECT_FALSE(fs::exists(out));
  std::vector<fs::path> escaped;
  for (const auto& e : fs::recursive_directory_iterator(dir.path()))
    if (e.path() != file && e.path().filename().string().find("escape") != std::string::npos) escaped.push_back(e.path());
  EXPECT_THAT(escaped, ::testing::IsEmpty());
}

TEST_F(ImageCli, BuildReportAndDiffWithHtmlPages) {
  const auto small = image("small", "packages = [\"busybox\"]\nkernel = [\"test-kernel\"]\n");
  const auto node = image("node", "oscar = [\"nodetools\"]\nkernel = [\"test-kernel\"]\n");
  for (const auto& [file, out] : {std::pair{small, dir.path() / "small"}, std::pair{node, dir.path() / "node"}}) {
    const auto r = test::run_cli("image build " + quote(file.string()) + kernels() + " --out " + quote(out.string()) +
                                 " --oscar-packages " + quote(test::image_fixture().oscar_packages.string()));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, AllOf(HasSubstr(": built in "), HasSubstr(".cpio.zst")));
  }
  const auto again = test::run_cli("image build " + quote(small.string()) + kernels() + " --out " +
                                   quote((dir.path() / "small").string()));
  EXPECT_THAT(again.output, HasSubstr("small: up to date"));
  const auto report = test::run_cli("image report " + quote((dir.path() / "node").string()) + " --html " +
                                    quote((dir.path() / "node.html").string()));
  EXPECT_EQ(report.status, 0) << report.output;
  EXPECT_THAT(report.output, AllOf(HasSubstr("Image node: 4 packages"), HasSubstr("By OSCAR package"), HasSubstr("HTML report:")));
  EXPECT_THAT(read_file(dir.path() / "node.html").value(), HasSubstr("<h2>By OSCAR package</h2>"));
  const auto diff = test::run_cli("image diff " + quote((dir.path() / "small").string()) + " " +
                                  quote((dir.path() / "node/manifest.json").string()) + " --json");
  ASSERT_EQ(diff.status, 0) << diff.output;
  const auto j = nlohmann::json::parse(diff.output);
  EXPECT_EQ(j["added"].size(), 2u);
  EXPECT_GT(j["installed"]["delta"].get<std::int64_t>(), 0);
  const auto missing = test::run_cli("image report " + quote((dir.path() / "nothing").string()));
  EXPECT_EQ(missing.status, 2);
  EXPECT_THAT(missing.output, HasSubstr("no image manifest here"));
}

// The same image name on two distributions: one table, then what changed package by package.
TEST_F(ImageCli, CompareShowsTheSameImagesOnTwoDistributions) {
  const std::string common = "repos = [\"" + test::image_fixture().repo.string() + "\"]\nkernel = [\"test-kernel\"]\n";
  const auto older = test::write_image(dir.path() / "older", "node", "[image]\nname = \"node\"\ndistro = \"debian-12\"\n" + common +
                                                                         "packages = [\"busybox\"]\n");
  const auto newer = test::write_image(dir.path() / "newer", "node", "[image]\nname = \"node\"\ndistro = \"debian-13\"\n" + common +
                                                                         "oscar = [\"nodetools\"]\n");
  for (const auto& [file, out] : {std::pair{older, dir.path() / "out12" / "node"}, std::pair{newer, dir.path() / "out13" / "node"}}) {
    const auto r = test::run_cli("image build " + quote(file.string()) + kernels() + " --out " + quote(out.string()) +
                                 " --oscar-packages " + quote(test::image_fixture().oscar_packages.string()));
    ASSERT_EQ(r.status, 0) << r.output;
  }
  const std::string dirs = " " + quote((dir.path() / "out12").string()) + " " + quote((dir.path() / "out13").string());
  const auto text = test::run_cli("image compare" + dirs + " --html " + quote((dir.path() / "compare.html").string()));
  ASSERT_EQ(text.status, 0) << text.output;
  EXPECT_THAT(text.output, AllOf(HasSubstr("Images on debian-12 and debian-13"), HasSubstr("node   debian-12"),
                                 HasSubstr("not booted"), HasSubstr("From debian-12 to debian-13"),
                                 HasSubstr("OSCAR package nodetools")));
  EXPECT_THAT(read_file(dir.path() / "compare.html").value(), HasSubstr("node: debian-12 &rarr; debian-13"));
  const auto json = test::run_cli("image compare" + dirs + " --json");
  ASSERT_EQ(json.status, 0) << json.output;
  const auto j = nlohmann::json::parse(json.output);
  ASSERT_EQ(j["table"].size(), 2u);
  EXPECT_EQ(j["table"][1]["distro"], "debian-13");
  EXPECT_GT(j["table"][1]["installed_size"].get<std::uint64_t>(), j["table"][0]["installed_size"].get<std::uint64_t>());
  EXPECT_GT(j["table"][0]["initramfs_bytes"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(j["between"][0]["added"].size(), 2u);
  const auto empty = test::run_cli("image compare " + quote((dir.path() / "out12").string()) + " " + quote(dir.path().string()));
  EXPECT_EQ(empty.status, 2) << empty.output;
  EXPECT_THAT(empty.output, HasSubstr(dir.path().string() + ": no image folders"));
}

TEST_F(ImageCli, PlanWorksOnMetadataOnlyRepositoriesAndBuildSaysWhyNot) {
  // The fixture repository's rpm-md metadata alone, as a mirror would publish it.
  const fs::path mirror = dir.path() / "mirror";
  const auto copied = test::run("cp -r " + quote(test::image_fixture().repo.string()) + " " + quote((dir.path() / "full").string()) +
                                " && " + quote(SSI_OSCAR_BINARY) + " repo index --repodata " + quote((dir.path() / "full").string()) +
                                " >/dev/null && mkdir -p " + quote(mirror.string()) + " && cp -r " +
                                quote((dir.path() / "full/repodata").string()) + " " + quote(mirror.string()));
  ASSERT_EQ(copied.status, 0) << copied.output;
  const auto file = test::write_image(dir.path(), "meta", "[image]\nname = \"meta\"\nrepos = [\"" + mirror.string() +
                                                              "\"]\noscar = [\"nodetools\"]\nkernel = [\"test-kernel\"]\n");
  const auto plan = test::run_cli("image plan " + quote(file.string()) + kernels());
  EXPECT_EQ(plan.status, 0) << plan.output;
  EXPECT_THAT(plan.output, HasSubstr("Predicted: 4 packages"));
  const auto build = test::run_cli("image build " + quote(file.string()) + kernels() + " --out " + quote((dir.path() / "out").string()));
  EXPECT_EQ(build.status, 2) << build.output;
  EXPECT_THAT(build.output, HasSubstr("holds metadata only: an image needs the RPM files"));
}

TEST_F(ImageCli, PlansOscarsEl9ImageOnCentOsStream9Metadata) {
  const fs::path reference = (fs::path(SSI_OSCAR_SOURCE_DIR) / "../shared/reference").lexically_normal();
  if (!fs::exists(reference / "centos-stream9")) GTEST_SKIP() << "../shared/reference is not here";
  ::setenv("SSI_OSCAR_CACHE_DIR", (dir.path() / "cache").c_str(), 1);  // the metadata's cache stays in the test's folder
  const auto file = test::write_image(
      dir.path(), "el9",
      "[image]\nname = \"oscar-el9\"\nrepos = [\"" + (reference / "centos-stream9/baseos").string() + "\", \"" +
          (reference / "centos-stream9/appstream").string() + "\"]\npkglist = [\"" +
          (reference / "oscar/pkglists/redhat-el-9-x86_64.pkglist").string() + "\"]\n");
  const auto strict = test::run_cli("image plan " + quote(file.string()) + kernels());
  EXPECT_EQ(strict.status, 3) << strict.output;
  EXPECT_THAT(strict.output, HasSubstr("package screen does not exist (" + (reference / "oscar/pkglists").string()));
  const auto skipping = test::run_cli("image plan --skip-unknown --skip-broken " + quote(file.string()) + kernels());
  EXPECT_EQ(skipping.status, 0) << skipping.output;
  EXPECT_THAT(skipping.output, AllOf(HasSubstr("package screen does not exist"), HasSubstr("Predicted: 630 packages, 1.5 GiB installed")));
}

}  // namespace
}  // namespace ssi
