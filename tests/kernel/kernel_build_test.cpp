// End to end: `kernel build` of a definition shaped like kernels/linux-krg (the Kerrighed patch
// from a tarball, a patch series of the definition's own, toolchain settings, a source package
// and the scheduler modules as a subpackage) over the stand-in Linux 2.6.30 tree of
// tests/fixtures, checked package by package with rpm; then the ways such a build fails: a
// series patch that no longer applies, a compiler error, a series patch without its reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include "util/run_lock.hpp"
#include "kernel/kernel_build.hpp"
#include "kernel/patch_series.hpp"
#include "recipe/build_tree.hpp"
#include "support/process.hpp"
#include "support/standin_kernel.hpp"

namespace ssi::kernel {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using test::quote;

// Context that is not in the tree: the patch no longer applies.
const char* kStalePatch = R"(init/main.c: written for another release of the file

--- a/init/main.c
+++ b/init/main.c
@@ -1,3 +1,3 @@
-/* A comment this tree does not have. */
+/* Its replacement. */
 #include <stdio.h>
 
)";

const char* kBrokenCodePatch = R"(init/main.c: a change the compiler rejects

--- a/init/main.c
+++ b/init/main.c
@@ -3,5 +3,6 @@
 
 int main(void) {
   puts("Linux version " UTS_RELEASE);
+  int missing_value = ;
   return 0;
 }
)";

class KernelBuildOnStandIn : public ::testing::Test {
 protected:
  static inline fs::path work, repo, sources;
  static inline recipe::BuiltRecipe built;

  static void SetUpTestSuite() {
    work = fs::path(SSI_OSCAR_TEST_WORK) / "kernel-build";
    fs::create_directories(work);
    std::optional<RunLock> lock = RunLock::acquire(work / "lock", "the test cache").value();
    repo = work / "repo";
    sources = work / "sources";
    const auto packed = test::pack_standin_kernel_sources(sources);
    ASSERT_EQ(packed.status, 0) << packed.output;
    const auto kernels = test::write_kernels(work / "kernels", {{"01-banner.patch", test::kBannerPatch}});
    auto k = load_kernel(kernels.definition);
    ASSERT_TRUE(k) << k.error().message;
    auto result = build_kernel(*k, options(repo));
    lock.reset();
    ASSERT_TRUE(result) << result.error().message;
    built = *result;
  }
  static KernelBuildOptions options(const fs::path& into) {
    KernelBuildOptions o;
    o.build.repo = into;
    o.build.work = work / ("build-" + into.filename().string());
    o.build.source_dirs = {sources};
    return o;
  }
  static std::string rpm_query(const std::string& flags, const std::string& file) {
    return test::run("rpm -qp " + flags + " " + quote((repo / file).string())).output;
  }
  // Unpacks a package of the repository into `root` and returns the root.
  static fs::path unpack(const std::string& file, const std::string& root_name) {
    const fs::path root = work / root_name;
    fs::remove_all(root);
    const auto unpacked = test::run("mkdir -p " + quote(root.string()) + " && cd " + quote(root.string()) + " && rpm2cpio " +
                                    quote((repo / file).string()) + " | cpio -idm --quiet");
    EXPECT_EQ(unpacked.status, 0) << unpacked.output;
    return root;
  }
};

TEST_F(KernelBuildOnStandIn, MakesTheKernelItsSourceAndTheSchedulerModules) {
  EXPECT_TRUE(built.stand_in_sources);
  EXPECT_THAT(built.outputs, ::testing::UnorderedElementsAre(
                                 "linux-krg-2.6.30-1.x86_64.rpm", "kerrighed-module-2.6.30-1.x86_64.rpm",
                                 "linux-krg-source-2.6.30-1.noarch.rpm", "SRPMS/linux-krg-2.6.30-1.src.rpm"));
  const auto check = test::run("rpm -K " + quote(repo.string()) + "/*.rpm " + quote(repo.string()) + "/SRPMS/*.rpm");
  EXPECT_EQ(check.status, 0) << check.output;
}

TEST_F(KernelBuildOnStandIn, TheSeriesAndTheToolchainSettingsReachTheKernel) {
  const fs::path root = unpack("linux-krg-2.6.30-1.x86_64.rpm", "kernel-root");
  // The stand-in "kernel" is a program; the package installs it 0644, so it runs through ld.so.
  const auto banner = test::run("/lib64/ld-linux-x86-64.so.2 " + quote((root / "boot/vmlinuz-2.6.30-krg").string()));
  EXPECT_EQ(banner.output, "Linux version 2.6.30-krg\nseries applied, SERIES_FLAG=1\n");
  // The source RPM carries the series as patches, in order after the definition's own.
  EXPECT_THAT(test::run("rpm -qpl " + quote((repo / "SRPMS/linux-krg-2.6.30-1.src.rpm").string())).output,
              HasSubstr("01-banner.patch\n"));
}

TEST_F(KernelBuildOnStandIn, KernelPackageHoldsImageMapConfigAndModulesOfOneRelease) {
  const std::string files = rpm_query("-l", "linux-krg-2.6.30-1.x86_64.rpm");
  EXPECT_THAT(files, AllOf(HasSubstr("/boot/vmlinuz-2.6.30-krg\n"), HasSubstr("/boot/System.map-2.6.30-krg\n"),
                           HasSubstr("/boot/config-2.6.30-krg\n"),
                           HasSubstr("/lib/modules/2.6.30-krg/kernel/drivers/net/dummy.ko\n"),
                           HasSubstr("/lib/modules/2.6.30-krg/modules.dep\n")));
  // The scheduler modules belong to kerrighed-module; the links into the build tree to nobody.
  EXPECT_THAT(files, AllOf(Not(HasSubstr("kerrighed/scheduler")), Not(HasSubstr("/build\n")), Not(HasSubstr("/source\n"))));
  const fs::path root = unpack("linux-krg-2.6.30-1.x86_64.rpm", "config-root");
  EXPECT_THAT(test::run("cat " + quote((root / "boot/config-2.6.30-krg").string())).output,
              AllOf(HasSubstr("CONFIG_KERRIGHED=y\n"), HasSubstr("CONFIG_KRG_SCHED=y\n")));
}

TEST_F(KernelBuildOnStandIn, ModulePackageHoldsTheSchedulerAndRequiresItsKernel) {
  const std::string files = rpm_query("-l", "kerrighed-module-2.6.30-1.x86_64.rpm");
  EXPECT_THAT(files, AllOf(HasSubstr("/lib/modules/2.6.30-krg/kernel/kerrighed/scheduler/probes/cpu_probe.ko\n"),
                           HasSubstr("/lib/modules/2.6.30-krg/kernel/kerrighed/scheduler/policies/round_robin_balancer.ko\n")));
  EXPECT_THAT(rpm_query("-R", "kerrighed-module-2.6.30-1.x86_64.rpm"), HasSubstr("linux-krg = 2.6.30-1"));
}

TEST_F(KernelBuildOnStandIn, SourcePackageHoldsThePatchedTree) {
  const std::string files = rpm_query("-l", "linux-krg-source-2.6.30-1.noarch.rpm");
  EXPECT_THAT(files, AllOf(HasSubstr("/usr/src/linux-2.6.30-krg/Makefile\n"),
                           HasSubstr("/usr/src/linux-2.6.30-krg/kerrighed/scheduler/probes/cpu_probe.c\n"),
                           Not(HasSubstr("/usr/src/linux-2.6.30-krg/out"))));
  const fs::path root = unpack("linux-krg-source-2.6.30-1.noarch.rpm", "source-root");
  EXPECT_THAT(test::run("cat " + quote((root / "usr/src/linux-2.6.30-krg/init/main.c").string())).output,
              HasSubstr("series applied"));
}

TEST_F(KernelBuildOnStandIn, APatchThatNoLongerAppliesIsNamed) {
  const auto kernels = test::write_kernels(work / "kernels-stale", {{"01-banner.patch", test::kBannerPatch}, {"02-stale.patch", kStalePatch}});
  const auto r = test::run_cli("kernel build krg-standin --kernels " + quote(kernels.dir.string()) + " --repo " +
                               quote((work / "stale").string()) + " --sources " + quote(sources.string()));
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("rpm build failed: patch patches/krg-standin/02-stale.patch does not apply"));
  EXPECT_FALSE(fs::exists(work / "stale" / "linux-krg-2.6.30-1.x86_64.rpm"));
}

TEST_F(KernelBuildOnStandIn, ACompilerErrorNamesTheFirstFailingFileAndLine) {
  const auto kernels = test::write_kernels(work / "kernels-broken", {{"01-broken.patch", kBrokenCodePatch}});
  const auto r = test::run_cli("kernel build krg-standin --kernels " + quote(kernels.dir.string()) + " --repo " +
                               quote((work / "broken").string()) + " --sources " + quote(sources.string()));
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_THAT(r.output, HasSubstr("rpm build failed: init/main.c:6: error: expected expression"));
}

TEST_F(KernelBuildOnStandIn, ASeriesPatchMustSayWhyItExists) {
  const std::string bare = std::string(test::kBannerPatch).substr(std::string(test::kBannerPatch).find("--- a/"));
  const auto kernels = test::write_kernels(work / "kernels-bare", {{"01-bare.patch", bare}, {"02-stale.patch", kStalePatch}});
  const auto r = test::run_cli("kernel build krg-standin --kernels " + quote(kernels.dir.string()) + " --repo " +
                               quote((work / "bare").string()) + " --sources " + quote(sources.string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("patches/krg-standin/01-bare.patch: opens with no reason"));
  EXPECT_THAT(r.output, Not(HasSubstr("02-stale.patch")));
}

TEST_F(KernelBuildOnStandIn, ADefinitionThatNeedsABuildRootSaysWhat) {
  const auto kernels = test::write_kernels(work / "kernels-root", {{"01-banner.patch", test::kBannerPatch}},
                                     "build_root = \"this kernel needs a gcc 4.4-era toolchain (test)\"");
  const auto r = test::run_cli("kernel build krg-standin --kernels " + quote(kernels.dir.string()) + " --repo " +
                               quote((work / "refused").string()) + " --sources " + quote(sources.string()));
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr("krg-standin.toml: build.build_root: kernel krg-standin needs a build root"),
                              HasSubstr("gcc 4.4-era"), HasSubstr("--build-root DIR")));
  // This host stands in for such a root.
  const auto rooted = test::run_cli("kernel build krg-standin --kernels " + quote(kernels.dir.string()) + " --repo " +
                                    quote((work / "rooted").string()) + " --sources " + quote(sources.string()) +
                                    " --build-root /");
  EXPECT_EQ(rooted.status, 0) << rooted.output;
  EXPECT_TRUE(fs::exists(work / "rooted" / "linux-krg-2.6.30-1.x86_64.rpm"));
}

TEST(PatchSeries, TheReasonIsTheTextBeforeTheFirstDiff) {
  EXPECT_EQ(patch_reason("Why: it fails.\n\nMore.\n\ndiff --git a/x b/x\n--- a/x\n"), "Why: it fails.\n\nMore.");
  EXPECT_EQ(patch_reason("--- a/x\n+++ b/x\n"), "");
  EXPECT_EQ(patch_reason("\n\n  \nIndex: x\n"), "");
}

TEST(PatchSeries, TheProjectsOwnSeriesLoadsInOrderAfterTheKerrighedPatch) {
  auto k = load_kernel(fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels" / "linux-krg.toml");
  ASSERT_TRUE(k) << k.error().message;
  ASSERT_GE(k->recipe.patches.size(), 2u);
  EXPECT_EQ(k->recipe.patches.front().file, "kerrighed-3.0.0-kernel.patch");
  EXPECT_EQ(k->recipe.patches[1].file, "patches/linux-krg/01-timeconst-perl-defined-array.patch");
  EXPECT_TRUE(std::is_sorted(k->recipe.patches.begin() + 1, k->recipe.patches.end(),
                             [](const auto& a, const auto& b) { return a.file < b.file; }));
  EXPECT_TRUE(k->build->build_root.empty());  // Debian 12's own toolchain builds it
}

}  // namespace
}  // namespace ssi::kernel
