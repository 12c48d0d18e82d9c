// End to end: recipes/kerrighed built from the stand-in source tree (tests/fixtures), checked
// package by package with rpm: the SSI-OSCAR split, the install layout and the requires.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <optional>

#include "util/run_lock.hpp"
#include "recipe/build_tree.hpp"
#include "recipe/builder.hpp"
#include "support/process.hpp"
#include "support/rpm_factory.hpp"
#include "support/universe.hpp"

namespace ssi::recipe {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using test::quote;

// A batch system as an OSCAR package, to meet Kerrighed's conflict.
const char* kTorque = R"toml([package]
name = "torque"
version = "6.1.3"
summary = "Torque batch system (test stand-in)"
license = "MIT"
arch = "noarch"
[build]
install = "mkdir -p $DESTDIR/usr/sbin && echo pbs_mom > $DESTDIR/usr/sbin/pbs_mom"
[[subpackage]]
name = "torque-mom"
summary = "Torque node daemon"
files = ["/usr/sbin/pbs_mom"]
[oscar]
group = "Batch system"
license = "PBS license (see PBS_License.txt)"
authors = [{ name = "Test", email = "test@example.org" }]
client = ["torque-mom"]
[[changelog]]
date = "2026-11-01"
author = "Test <test@example.org>"
text = "- Stand-in."
)toml";

class KerrighedRecipe : public ::testing::Test {
 protected:
  static inline fs::path repo, oscar_out;
  static inline std::vector<BuiltRecipe> built;

  // One build for all the tests: later test processes find it up to date (the build cache);
  // a lock keeps test processes running side by side from building at the same time.
  static void SetUpTestSuite() {
    const fs::path work = fs::path(SSI_OSCAR_TEST_WORK) / "kerrighed-recipe";
    fs::create_directories(work);
    std::optional<RunLock> lock = RunLock::acquire(work / "lock", "the test cache").value();
    const fs::path sources = work / "sources";
    const auto packed = test::run(std::string(SSI_OSCAR_SOURCE_DIR) + "/tests/fixtures/pack-fixture kerrighed-3.0.0 " +
                                  quote(sources.string()));
    ASSERT_EQ(packed.status, 0) << packed.output;
    BuildOptions options;
    options.repo = repo = work / "repo";
    options.work = work / "build";
    options.oscar_out = oscar_out = work / "oscar-packages";
    options.source_dirs = {sources};
    const fs::path torque = work / "torque";
    fs::create_directories(torque);
    std::ofstream(torque / "recipe.toml") << kTorque;
    const fs::path recipes = fs::path(SSI_OSCAR_SOURCE_DIR) / "recipes";
    auto result = build_recipes({recipes / "kerrighed", recipes / "kernel_picker", recipes / "ssi-oscar", torque}, options);
    lock.reset();
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

const BuiltRecipe& named(const std::vector<BuiltRecipe>& all, const std::string& name) {
  for (const auto& b : all)
    if (b.name == name) return b;
  throw std::runtime_error("no build of " + name);
}

TEST_F(KerrighedRecipe, BuildsTheSplitAndSaysItUsedTheStandIn) {
  ASSERT_EQ(built.size(), 8u);  // four recipes, each with its opkg meta-packages
  const BuiltRecipe& kerrighed = named(built, "kerrighed");
  EXPECT_TRUE(kerrighed.stand_in_sources);
  EXPECT_FALSE(named(built, "kernel_picker").stand_in_sources);
  EXPECT_THAT(kerrighed.outputs,
              ::testing::UnorderedElementsAre("kerrighed-lib-3.0.0-1.x86_64.rpm", "kerrighed-include-3.0.0-1.x86_64.rpm",
                                              "kerrighed-tools-3.0.0-1.x86_64.rpm",
                                              "kerrighed-host-tools-3.0.0-1.x86_64.rpm",
                                              "kerrighed-source-3.0.0-1.noarch.rpm", "kerrighed-tests-3.0.0-1.x86_64.rpm",
                                              "SRPMS/kerrighed-3.0.0-1.src.rpm"));
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

// kerrighed-tests reports through LTP's commands, which the recipe builds (ltp-report/): the
// same line format and exit status, and the OSCAR package carries the runner in testing/.
TEST_F(KerrighedRecipe, TheTestsReportThroughLtpCompatibleCommandsAndTheRunnerShipsInTesting) {
  const fs::path root = fs::path(SSI_OSCAR_TEST_WORK) / "kerrighed-recipe" / "tests-root";
  fs::remove_all(root);
  fs::create_directories(root);
  const auto unpacked = test::run("cd " + quote(root.string()) + " && rpm2cpio " +
                                  quote((repo / "kerrighed-tests-3.0.0-1.x86_64.rpm").string()) + " | cpio -idm --quiet");
  ASSERT_EQ(unpacked.status, 0) << unpacked.output;
  const std::string tools = (root / "usr/share/ltp/tools").string();
  const std::string env = "TCID=cr05 TST_TOTAL=2 TST_COUNT=1 ";
  const auto pass = test::run(env + quote(tools + "/tst_resm") + " TPASS '[42] OK'");
  EXPECT_EQ(pass.status, 0);
  EXPECT_EQ(pass.output, "cr05        1  TPASS  :  [42] OK\n");
  const auto broken = test::run(env + quote(tools + "/tst_brkm") + " TFAIL NULL 'checkpoint: unable to checkpoint'");
  EXPECT_EQ(broken.status, 3);  // TFAIL for this case, TBROK for the one it did not reach
  EXPECT_EQ(broken.output, "cr05        1  TFAIL  :  checkpoint: unable to checkpoint\ncr05        2  TBROK  :  Remaining cases broken\n");
  const auto warning = test::run(env + quote(tools + "/tst_resm") + " TWARN 'only one node'");
  EXPECT_EQ(warning.output, "cr05        0  TWARN  :  only one node\n");
  const auto bad = test::run(env + quote(tools + "/tst_resm") + " TMAYBE x 2>&1");
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.output, HasSubstr("TMAYBE: not a result type"));
  // The fixture's case, run as the suite runs it: its tools on the PATH.
  const auto cr01 = test::run("PATH=" + quote(tools) + ":$PATH bash " + quote((root / "usr/share/ltp/testcases/bin/cr01").string()));
  EXPECT_EQ(cr01.status, 0) << cr01.output;
  EXPECT_EQ(cr01.output, "cr01        1  TPASS  :  kerrighed fixture\n");

  EXPECT_TRUE(fs::exists(oscar_out / "kerrighed/testing/test_root"));
  const auto api = test::run("rpm -qpl " + quote((repo / "opkg-kerrighed-3.0.0-1.noarch.rpm").string())).output;
  EXPECT_THAT(api, HasSubstr("/usr/lib/oscar/packages/kerrighed/testing/test_root\n"));
  EXPECT_THAT(requires_of("kerrighed-tests"), AllOf(HasSubstr("kerrighed-tools = 3.0.0-1"), HasSubstr("psmisc")));
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

TEST_F(KerrighedRecipe, WritesAValidOscarPackageTree) {
  const fs::path tree = oscar_out / "kerrighed";
  for (const char* sub : {"scripts", "RPMS", "SRPMS", "doc", "testing"}) EXPECT_TRUE(fs::is_directory(tree / sub)) << sub;
  EXPECT_TRUE(fs::exists(tree / "RPMS/kerrighed-tools-3.0.0-1.x86_64.rpm"));
  EXPECT_TRUE(fs::exists(tree / "SRPMS/kerrighed-3.0.0-1.src.rpm"));
  const auto valid = test::run_cli("oscar validate " + quote(tree.string()) + " " + quote((oscar_out / "kernel_picker").string()) +
                                   " " + quote((oscar_out / "torque").string()));
  EXPECT_EQ(valid.status, 0) << valid.output;
  const auto xmllint = test::run("xmllint --noout --schema " + quote(std::string(SSI_OSCAR_SOURCE_DIR) + "/builder/oscar/opkg.xsd") +
                                 " " + quote((tree / "config.xml").string()));
  EXPECT_EQ(xmllint.status, 0) << xmllint.output;
}

TEST_F(KerrighedRecipe, MetaPackagesCarryTheOscarLevelRelations) {
  const auto client = test::run("rpm -qpR " + quote((repo / "opkg-kerrighed-client-3.0.0-1.noarch.rpm").string())).output;
  EXPECT_THAT(client, AllOf(HasSubstr("kerrighed-lib\n"), HasSubstr("kerrighed-tools\n"),
                            HasSubstr("opkg-kernel_picker-client\n"), HasSubstr("opkg-kerrighed = 3.0.0-1\n")));
  const auto conflicts = test::run("rpm -qp --conflicts " + quote((repo / "opkg-kerrighed-client-3.0.0-1.noarch.rpm").string())).output;
  EXPECT_EQ(conflicts, "opkg-pbs-client\nopkg-slurm-client\nopkg-torque-client\n");  // rpm sorts them
  const auto api = test::run("rpm -qpl " + quote((repo / "opkg-kerrighed-3.0.0-1.noarch.rpm").string())).output;
  EXPECT_THAT(api, HasSubstr("/usr/lib/oscar/packages/kerrighed/config.xml\n"));
}

TEST_F(KerrighedRecipe, ResolvingTheOscarPackagesFollowsAndRefusesWhatOscarCouldNotExpress) {
  // What the distribution provides: libc, the shells and the tools the test suite runs, as one
  // stand-in package.
  const fs::path distro = fs::path(SSI_OSCAR_TEST_WORK) / "kerrighed-recipe" / "distro";
  if (!fs::exists(distro / "base-system-2.0-1.x86_64.rpm")) {
    fs::remove_all(distro);
    test::TestPackage base;
    base.version = "2.0";  // 2.0: with bash, procps and psmisc for kerrighed-tests
    base.name = "base-system";
    base.provides = {"libc.so.6()(64bit)", "libc.so.6(GLIBC_2.2.5)(64bit)", "libc.so.6(GLIBC_2.7)(64bit)",
                     "libc.so.6(GLIBC_2.34)(64bit)", "rtld(GNU_HASH)", "bash", "procps", "psmisc"};
    base.files = {"/bin/sh", "/bin/bash", "/sbin/ldconfig"};
    test::build_rpms({base}, distro);
  }
  const std::string repos = "--repo " + quote(repo.string()) + " --repo " + quote(distro.string());
  const auto ssi = test::run_cli("resolve " + repos + " opkg-kerrighed-client");
  ASSERT_EQ(ssi.status, 0) << ssi.output;
  EXPECT_THAT(ssi.output, AllOf(HasSubstr("kerrighed-tools-3.0.0-1.x86_64"), HasSubstr("opkg-kernel_picker-client-1.5-1.noarch"),
                                HasSubstr("needed by opkg-kerrighed-client-3.0.0-1.noarch for opkg-kernel_picker-client")));
  const auto both = test::run_cli("resolve " + repos + " opkg-kerrighed-client opkg-torque-client");
  EXPECT_EQ(both.status, 3);
  EXPECT_THAT(both.output, HasSubstr("opkg-kerrighed-client-3.0.0-1.noarch conflicts with opkg-torque-client"));
  // SSI-OSCAR pulls Kerrighed and kernel_picker in, and with them their refusal of batch systems.
  const auto image = test::run_cli("resolve " + repos + " opkg-ssi-oscar-client");
  ASSERT_EQ(image.status, 0) << image.output;
  EXPECT_THAT(image.output, AllOf(HasSubstr("ssi-oscar-tools-2.0-1.noarch"), HasSubstr("kerrighed-tools-3.0.0-1.x86_64"),
                                  HasSubstr("opkg-kernel_picker-client-1.5-1.noarch")));
  const auto chain = test::run_cli("resolve " + repos + " opkg-ssi-oscar-client opkg-torque-client");
  EXPECT_EQ(chain.status, 3);
  EXPECT_THAT(chain.output, AllOf(HasSubstr("conflicts with opkg-torque-client"),
                                  HasSubstr("opkg-ssi-oscar-client-2.0-1.noarch requires opkg-kerrighed-client")));
}

}  // namespace
}  // namespace ssi::recipe
