// End to end on the real release: recipes/kerrighed builds the Kerrighed 3.0.0 userland from its
// tag's tarball (autogen.sh, configure, gcc 12, DocBook man pages), and every package holds what
// the upstream `make install` produces (the lists of KERRIGHED.md's facts).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "recipe/build_cache.hpp"
#include "support/process.hpp"
#include "support/upstream.hpp"

namespace ssi::recipe {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using test::quote;

class KerrighedUpstream : public ::testing::Test {
 protected:
  fs::path repo;
  void SetUp() override {
    std::string why;
    const auto sources = test::upstream_sources(why);
    if (!sources) GTEST_SKIP() << why;
    repo = test::upstream_userland_repo(*sources);
  }
  std::vector<std::string> files(const std::string& package) {
    std::istringstream lines(test::run("rpm -qpl " + quote((repo / (package + "-3.0.0-1.x86_64.rpm")).string())).output);
    std::vector<std::string> out;
    for (std::string line; std::getline(lines, line);) out.push_back(line);
    return out;
  }
};

TEST_F(KerrighedUpstream, BuildsFromTheReleaseNotAStandIn) {
  EXPECT_THAT(stand_in_outputs(repo), IsEmpty());
  const auto check = test::run("rpm -K " + quote(repo.string()) + "/*.rpm " + quote(repo.string()) + "/SRPMS/*.rpm");
  EXPECT_EQ(check.status, 0) << check.output;
}

TEST_F(KerrighedUpstream, LibHoldsTheThreeLibraries) {
  EXPECT_THAT(files("kerrighed-lib"),
              ::testing::ElementsAre("/usr/lib64/libkerrighed.so.2", "/usr/lib64/libkerrighed.so.2.0.0", "/usr/lib64/libkrgcb.so.1",
                                     "/usr/lib64/libkrgcb.so.1.0.0", "/usr/lib64/libkrgcheckpoint.so.1",
                                     "/usr/lib64/libkrgcheckpoint.so.1.0.0"));
}

TEST_F(KerrighedUpstream, IncludeHoldsThe13HeadersPkgconfigStaticLibsAndMan2) {
  const auto f = files("kerrighed-include");
  int headers = 0;
  for (const auto& file : f) headers += file.starts_with("/usr/include/kerrighed/") && file.ends_with(".h");
  EXPECT_EQ(headers, 13);
  for (const char* file : {"/usr/lib64/pkgconfig/kerrighed.pc", "/usr/lib64/pkgconfig/krgcb.pc",
                           "/usr/lib64/pkgconfig/krgcheckpoint.pc", "/usr/lib64/libkerrighed.a", "/usr/lib64/libkerrighed.so"})
    EXPECT_THAT(f, ::testing::Contains(file));
  int man2 = 0;
  for (const auto& file : f) man2 += file.starts_with("/usr/share/man/man2/");
  EXPECT_EQ(man2, 3);  // krgcapset, migrate, migrate_self
}

TEST_F(KerrighedUpstream, ToolsHoldTheNodeToolsScriptsAndManPages) {
  const auto f = files("kerrighed-tools");
  for (const char* file : {"/usr/bin/checkpoint", "/usr/bin/restart", "/usr/bin/migrate", "/usr/bin/krgcapset",
                           "/usr/bin/krgcr-run", "/usr/bin/ipccheckpoint", "/usr/bin/ipcrestart", "/usr/sbin/krgadm",
                           "/usr/sbin/krginit", "/usr/sbin/krginit_helper", "/usr/sbin/krg_legacy_scheduler",
                           "/etc/init.d/kerrighed", "/etc/default/kerrighed", "/etc/kerrighed/krginit_helper.conf",
                           "/etc/bash_completion.d/kerrighed"})
    EXPECT_THAT(f, ::testing::Contains(file));
  int man1 = 0, man7 = 0;
  for (const auto& file : f) {
    man1 += file.starts_with("/usr/share/man/man1/");
    man7 += file.starts_with("/usr/share/man/man7/");
  }
  EXPECT_EQ(man1, 8);
  EXPECT_EQ(man7, 2);  // kerrighed, kerrighed_capabilities
  // Statically linked against Kerrighed's libraries: only libc is needed.
  const auto needs = test::run("rpm -qpR " + quote((repo / "kerrighed-tools-3.0.0-1.x86_64.rpm").string())).output;
  EXPECT_THAT(needs, AllOf(HasSubstr("libc.so.6"), ::testing::Not(HasSubstr("libkerrighed"))));
}

TEST_F(KerrighedUpstream, HeadNodeToolsHaveTheirOwnPackage) {
  EXPECT_THAT(files("kerrighed-host-tools"),
              ::testing::IsSupersetOf({"/usr/sbin/krgboot", "/usr/sbin/krgboot_helper", "/etc/init.d/kerrighed-host",
                                       "/etc/default/kerrighed-host"}));
}

}  // namespace
}  // namespace ssi::recipe
