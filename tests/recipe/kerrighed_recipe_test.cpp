// End to end: recipes/kerrighed built from the stand-in source tree (tests/fixtures), checked
// package by package with rpm: the SSI-OSCAR split, the install layout and the requires.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include "recipe/builder.hpp"
#include "support/process.hpp"
#include "support/universe.hpp"

namespace ssi::recipe {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using test::quote;

class KerrighedRecipe : public ::testing::Test {
 protected:
  static inline fs::path repo;
  static inline std::vector<BuiltRecipe> built;

  // One build for all the tests: later test processes find it up to date (the build cache);
  // a lock keeps test processes running side by side from building at the same time.
  static void SetUpTestSuite() {
    const fs::path work = fs::path(SSI_OSCAR_TEST_WORK) / "kerrighed-recipe";
    fs::create_directories(work);
    const int lock = ::open((work / "lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    ::flock(lock, LOCK_EX);
    const fs::path sources = work / "sources";
    const auto packed = test::run(std::string(SSI_OSCAR_SOURCE_DIR) + "/tests/fixtures/make-kerrighed-tarball " +
                                  quote(sources.string()));
    ASSERT_EQ(packed.status, 0) << packed.output;
    BuildOptions options;
    options.repo = repo = work / "repo";
    options.work = work / "build";
    options.source_dirs = {sources};
    auto result = build_recipes({fs::path(SSI_OSCAR_SOURCE_DIR) / "recipes/kerrighed"}, options);
    ::close(lock);
    ASSERT_TRUE(result) << result.error().message;
    built = *result;
  }
  std::string files(const std::string& package) {
    return test::run("rpm -qpl " + quote((repo / (package + "-3.0.0-1.x86_64.rpm")).string())).output;
  }
  std::string requires_of(const std::string& package) {
    return test::run("rpm -qpR " + quote((repo / (package + "-3.0.0-1.x86_64.rpm")).string())).output;
  }
};

TEST_F(KerrighedRecipe, BuildsTheSplitAndSaysItUsedTheStandIn) {
  ASSERT_EQ(built.size(), 1u);
  EXPECT_TRUE(built[0].stand_in_sources);
  EXPECT_THAT(built[0].outputs,
              ::testing::UnorderedElementsAre("kerrighed-lib-3.0.0-1.x86_64.rpm", "kerrighed-include-3.0.0-1.x86_64.rpm",
                                              "kerrighed-tools-3.0.0-1.x86_64.rpm",
                                              "kerrighed-host-tools-3.0.0-1.x86_64.rpm",
                                              "kerrighed-source-3.0.0-1.noarch.rpm", "SRPMS/kerrighed-3.0.0-1.src.rpm"));
  const auto check = test::run("rpm -K " + quote(repo.string()) + "/*.rpm " + quote(repo.string()) + "/SRPMS/*.rpm");
  EXPECT_EQ(check.status, 0) << check.output;
}

TEST_F(KerrighedRecipe, LibHoldsTheThreeSharedLibraries) {
  EXPECT_EQ(files("kerrighed-lib"),
            "/usr/lib64/libkerrighed.so.2\n/usr/lib64/libkerrighed.so.2.0.0\n/usr/lib64/libkrgcb.so.1\n"
            "/usr/lib64/libkrgcb.so.1.0.0\n/usr/lib64/libkrgcheckpoint.so.1\n/usr/lib64/libkrgcheckpoint.so.1.0.0\n");
  // rpm found the sonames: libkrgcb needs libkerrighed.
  EXPECT_THAT(test::run("rpm -qp --provides " + quote((repo / "kerrighed-lib-3.0.0-1.x86_64.rpm").string())).output,
              AllOf(HasSubstr("libkerrighed.so.2()(64bit)"), HasSubstr("libkrgcheckpoint.so.1()(64bit)")));
}

TEST_F(KerrighedRecipe, IncludeHoldsHeadersLinksStaticLibsPkgconfigAndMan2) {
  const std::string f = files("kerrighed-include");
  for (const char* header : {"capabilities", "capability", "checkpoint", "hotplug", "ipc", "kerrighed", "kerrighed_tools",
                             "krgnodemask", "libkrgcb", "libkrgcheckpoint", "migration", "proc", "types"})
    EXPECT_THAT(f, HasSubstr(std::string("/usr/include/kerrighed/") + header + ".h\n"));
  EXPECT_THAT(f, AllOf(HasSubstr("/usr/lib64/libkerrighed.so\n"), HasSubstr("/usr/lib64/libkrgcb.a\n"),
                       HasSubstr("/usr/lib64/pkgconfig/krgcheckpoint.pc\n"), HasSubstr("/usr/share/man/man2/migrate_self.2")));
  EXPECT_THAT(requires_of("kerrighed-include"), HasSubstr("kerrighed-lib = 3.0.0-1"));
}

TEST_F(KerrighedRecipe, ToolsAreStaticallyLinkedNodeTools) {
  const std::string f = files("kerrighed-tools");
  for (const char* tool : {"/usr/bin/checkpoint", "/usr/bin/restart", "/usr/bin/migrate", "/usr/bin/krgcapset",
                           "/usr/bin/krgcr-run", "/usr/bin/ipccheckpoint", "/usr/bin/ipcrestart", "/usr/sbin/krgadm",
                           "/usr/sbin/krginit", "/usr/sbin/krginit_helper", "/usr/sbin/krg_legacy_scheduler",
                           "/etc/init.d/kerrighed", "/etc/default/kerrighed", "/etc/kerrighed/krginit_helper.conf",
                           "/etc/bash_completion.d/kerrighed", "/usr/share/man/man7/kerrighed.7"})
    EXPECT_THAT(f, HasSubstr(std::string(tool) + "\n"));
  EXPECT_THAT(f, Not(HasSubstr("krgboot")));  // head-node tools are a package of their own
  EXPECT_THAT(requires_of("kerrighed-tools"), AllOf(HasSubstr("libc.so.6()(64bit)"), Not(HasSubstr("libkerrighed"))));
  const auto config = test::run("rpm -qpc " + quote((repo / "kerrighed-tools-3.0.0-1.x86_64.rpm").string())).output;
  EXPECT_EQ(config, "/etc/default/kerrighed\n/etc/kerrighed/krginit_helper.conf\n");
}

TEST_F(KerrighedRecipe, HeadNodeToolsAndSourcesHaveTheirOwnPackages) {
  EXPECT_THAT(files("kerrighed-host-tools"), AllOf(HasSubstr("/usr/sbin/krgboot\n"), HasSubstr("/usr/sbin/krgboot_helper\n"),
                                                   HasSubstr("/etc/init.d/kerrighed-host\n")));
  const auto source = test::run("rpm -qpl " + quote((repo / "kerrighed-source-3.0.0-1.noarch.rpm").string())).output;
  EXPECT_THAT(source, AllOf(HasSubstr("/usr/src/kerrighed-3.0.0/configure\n"), HasSubstr("/usr/src/kerrighed-3.0.0/tools/restart.c\n")));
}

TEST_F(KerrighedRecipe, TheSplitResolvesAndInstallsIntoARoot) {
  const fs::path root = fs::path(SSI_OSCAR_TEST_WORK) / "kerrighed-recipe" / "root";
  fs::remove_all(root);
  const std::string rpms = quote((repo / "kerrighed-lib-3.0.0-1.x86_64.rpm").string()) + " " +
                           quote((repo / "kerrighed-include-3.0.0-1.x86_64.rpm").string()) + " " +
                           quote((repo / "kerrighed-tools-3.0.0-1.x86_64.rpm").string());
  // --nodeps: libc and /bin/sh come from the distribution, not from this repository.
  const auto installed = test::run("rpm --root " + quote(root.string()) + " --dbpath /var/lib/rpm -i --nodeps --noscripts " + rpms);
  ASSERT_EQ(installed.status, 0) << installed.output;
  EXPECT_TRUE(fs::is_symlink(root / "usr/lib64/libkerrighed.so.2"));
  EXPECT_TRUE(fs::exists(root / "usr/sbin/krgadm"));
  EXPECT_TRUE(fs::exists(root / "usr/include/kerrighed/kerrighed.h"));
  const auto tool = test::run(quote((root / "usr/sbin/krgadm").string()));
  EXPECT_EQ(tool.output, "krgadm (kerrighed fixture)\n");
}

}  // namespace
}  // namespace ssi::recipe
