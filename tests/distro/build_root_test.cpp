// Build roots: a recipe built for Debian 13 inside its root is compiled by Debian 13's gcc 14,
// says so in its log and build info, and leaves the shared root as it found it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "distro/build_root.hpp"
#include "support/build_roots.hpp"
#include "support/process.hpp"
#include "support/recipe_dir.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using test::quote;

const std::string kMain = "int main(void) { return 0; }\n";

// Every path below `root` with its modification time: what a build must leave alone.
std::vector<std::string> listing(const fs::path& root) {
  std::vector<std::string> entries;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    std::error_code ec;
    const auto when = fs::symlink_status(it->path(), ec).type() == fs::file_type::symlink
                          ? 0
                          : fs::last_write_time(it->path(), ec).time_since_epoch().count();
    entries.push_back(it->path().lexically_relative(root).string() + " " + std::to_string(when));
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

// The text of `section` of the first ELF file in the binary package.
std::string elf_section(const fs::path& rpm, const std::string& program, const std::string& section) {
  const fs::path out = rpm.parent_path() / ("unpacked-" + program);
  fs::create_directories(out);
  const auto unpacked = test::run("cd " + quote(out.string()) + " && rpm2cpio " + quote(rpm.string()) + " | cpio -id --quiet");
  if (unpacked.status != 0) return unpacked.output;
  return test::run("readelf -p " + section + " " + quote((out / "usr/bin" / program).string())).output;
}

std::string build_command(const fs::path& recipe, const fs::path& repo, const std::string& distro) {
  return "build " + quote(recipe.string()) + " --distro " + distro + " --distros " +
         quote(std::string(SSI_OSCAR_SOURCE_DIR) + "/distros") + " --cache " + quote(test::shared_distro_cache().string()) +
         " --repo " + quote(repo.string());
}

TEST(BuildRoot, TheHostDistributionIsTheOneItsOsReleaseNames) {
  const fs::path work = test::scratch_dir();
  ASSERT_TRUE(write_file_atomic(work / "os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nVERSION_CODENAME=trixie\n"));
  EXPECT_TRUE(distro::is_host_distribution(test::project_distro("debian-13"), work / "os-release"));
  EXPECT_FALSE(distro::is_host_distribution(test::project_distro("debian-12"), work / "os-release"));
  EXPECT_FALSE(distro::is_host_distribution(test::project_distro("debian-12"), work / "missing"));
}

TEST(BuildRoot, ARecordThatIsNotOneIsNamed) {
  const fs::path work = test::scratch_dir();
  ASSERT_TRUE(write_file_atomic(work / "x.packages", "compiler: gcc\n"));
  const auto r = distro::read_build_root(work / "x.packages");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr((work / "x.packages").string()));
}

TEST(BuildRoot, AnUnknownDistributionIsNamedWithItsFolder) {
  const fs::path work = test::scratch_dir();
  test::write_recipe(work / "hello", test::c_program_recipe("hello"), {{"main.c", kMain}});
  const auto r = test::run_cli(build_command(work / "hello", work / "repo", "debian-99"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr("debian-99"), HasSubstr("distros")));
  EXPECT_FALSE(fs::exists(work / "repo" / ".ssi-oscar" / "logs" / "hello.log"));
}

// Two recipes built at once share the root; both see gcc 14, and the root is unchanged.
TEST(BuildRoot, RecipesBuiltInTheDebian13RootAreCompiledByItsGcc14) {
  std::string why;
  const auto root = test::shared_build_root("debian-13", why);
  if (!root) GTEST_SKIP() << why;
  EXPECT_THAT(root->compiler, StartsWith("gcc-14 14."));
  const auto before = listing(root->dir);
  const fs::path work = test::scratch_dir();
  test::write_recipe(work / "first", test::c_program_recipe("first"), {{"main.c", kMain}});
  test::write_recipe(work / "second", test::c_program_recipe("second"), {{"main.c", kMain}});
  const auto runs = test::run_cli_together({build_command(work / "first", work / "repo-first", "debian-13"),
                                            build_command(work / "second", work / "repo-second", "debian-13")});
  for (const auto& run : runs) {
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_THAT(run.output, AllOf(HasSubstr("debian-13: build root " + root->id), HasSubstr("cached")));
  }
  for (const std::string name : {"first", "second"}) {
    const fs::path repo = work / ("repo-" + name);
    const fs::path rpm = repo / (name + "-1.0-1.deb13.x86_64.rpm");
    ASSERT_TRUE(fs::exists(rpm)) << name;
    EXPECT_THAT(elf_section(rpm, name, ".comment"), HasSubstr("GCC: (Debian 14."));
    const auto log = read_file(repo / ".ssi-oscar" / "logs" / (name + ".log")).value();
    EXPECT_THAT(log, StartsWith("build environment: the debian-13 build root " + root->id));
    const auto info = read_file(repo / ".ssi-oscar" / "buildinfo" / (name + ".buildinfo")).value();
    EXPECT_THAT(info, AllOf(HasSubstr("package: " + name + "-1.0-1.deb13.x86_64.rpm"), HasSubstr("compiler: gcc-14 14."),
                            HasSubstr("\n  libc6 2.41"), HasSubstr("\n  build-essential ")));
  }
  EXPECT_EQ(listing(root->dir), before) << "a build wrote into the shared root";
}

TEST(BuildRoot, TheHostsOwnDistributionBuildsWithTheHostToolchainAndSaysSo) {
  const auto host = test::project_distro("debian-12");
  if (!distro::is_host_distribution(host)) GTEST_SKIP() << "this host does not run Debian 12";
  const fs::path work = test::scratch_dir();
  test::write_recipe(work / "hello", test::c_program_recipe("hello"), {{"main.c", kMain}});
  const auto r = test::run_cli(build_command(work / "hello", work / "repo", "debian-12"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("debian-12: built with this host's toolchain"));
  const fs::path rpm = work / "repo" / "hello-1.0-1.deb12.x86_64.rpm";
  ASSERT_TRUE(fs::exists(rpm));
  EXPECT_THAT(elf_section(rpm, "hello", ".comment"), HasSubstr("GCC: (Debian 12."));
  EXPECT_THAT(read_file(work / "repo" / ".ssi-oscar" / "logs" / "hello.log").value(),
              StartsWith("build environment: this host's toolchain (this host runs debian-12"));
}

}  // namespace
}  // namespace ssi
