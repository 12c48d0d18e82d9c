// End to end: kernels/linux-krg built from the stand-in Linux 2.6.30 tree and the Kerrighed
// patch of the stand-in Kerrighed tarball (tests/fixtures), checked package by package with rpm.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>

#include "kernel/kernel_build.hpp"
#include "recipe/build_tree.hpp"
#include "support/process.hpp"

namespace ssi::kernel {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using test::quote;

const fs::path kKernels = fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels";

class KerrighedKernel : public ::testing::Test {
 protected:
  static inline fs::path work, repo, sources;
  static inline recipe::BuiltRecipe built;

  static void SetUpTestSuite() {
    work = fs::path(SSI_OSCAR_TEST_WORK) / "kerrighed-kernel";
    fs::create_directories(work);
    std::optional<recipe::DirectoryLock> lock(std::in_place, work / "lock");
    repo = work / "repo";
    sources = work / "sources";
    for (const char* tree : {"linux-2.6.30", "kerrighed-3.0.0"}) {
      const auto packed = test::run(std::string(SSI_OSCAR_SOURCE_DIR) + "/tests/fixtures/pack-fixture " + tree + " " +
                                    quote(sources.string()));
      ASSERT_EQ(packed.status, 0) << packed.output;
    }
    KernelBuildOptions options;
    options.build.repo = repo;
    options.build.work = work / "build";
    options.build.source_dirs = {sources};
    options.build_root = "/";  // this host stands in for the old-toolchain build root
    auto k = find_kernel(kKernels, "linux-krg");
    ASSERT_TRUE(k) << k.error().message;
    auto result = build_kernel(*k, options);
    lock.reset();
    ASSERT_TRUE(result) << result.error().message;
    built = *result;
  }
  static std::string rpm_query(const std::string& flags, const std::string& file) {
    return test::run("rpm -qp " + flags + " " + quote((repo / file).string())).output;
  }
};

TEST_F(KerrighedKernel, WithoutABuildRootTheBuildSaysWhatItNeeds) {
  const auto r = test::run_cli("kernel build linux-krg --kernels " + quote(kKernels.string()) + " --repo " +
                               quote((work / "refused").string()) + " --sources " + quote(sources.string()));
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr("linux-krg.toml: build.build_root: kernel linux-krg needs a build root"),
                              HasSubstr("gcc 4.3/4.4"), HasSubstr("--build-root DIR")));
  EXPECT_FALSE(fs::exists(work / "refused" / "linux-krg-2.6.30-1.x86_64.rpm"));
}

TEST_F(KerrighedKernel, MakesTheKernelItsSourceAndTheSchedulerModules) {
  EXPECT_TRUE(built.stand_in_sources);
  EXPECT_THAT(built.outputs, ::testing::UnorderedElementsAre(
                                 "linux-krg-2.6.30-1.x86_64.rpm", "kerrighed-module-2.6.30-1.x86_64.rpm",
                                 "linux-krg-source-2.6.30-1.noarch.rpm", "SRPMS/linux-krg-2.6.30-1.src.rpm"));
  const auto check = test::run("rpm -K " + quote(repo.string()) + "/*.rpm " + quote(repo.string()) + "/SRPMS/*.rpm");
  EXPECT_EQ(check.status, 0) << check.output;
}

TEST_F(KerrighedKernel, KernelPackageHoldsImageMapConfigAndModulesOfOneRelease) {
  const std::string files = rpm_query("-l", "linux-krg-2.6.30-1.x86_64.rpm");
  EXPECT_THAT(files, AllOf(HasSubstr("/boot/vmlinuz-2.6.30-krg\n"), HasSubstr("/boot/System.map-2.6.30-krg\n"),
                           HasSubstr("/boot/config-2.6.30-krg\n"),
                           HasSubstr("/lib/modules/2.6.30-krg/kernel/drivers/net/dummy.ko\n"),
                           HasSubstr("/lib/modules/2.6.30-krg/modules.dep\n")));
  // The scheduler modules belong to kerrighed-module; the links into the build tree to nobody.
  EXPECT_THAT(files, AllOf(Not(HasSubstr("kerrighed/scheduler")), Not(HasSubstr("/build\n")), Not(HasSubstr("/source\n"))));
  // The patch's configuration reached the kernel's config.
  const fs::path root = work / "root";
  fs::remove_all(root);
  const auto unpacked = test::run("mkdir -p " + quote(root.string()) + " && cd " + quote(root.string()) + " && rpm2cpio " +
                                  quote((repo / "linux-krg-2.6.30-1.x86_64.rpm").string()) + " | cpio -idm --quiet");
  ASSERT_EQ(unpacked.status, 0) << unpacked.output;
  EXPECT_THAT(test::run("cat " + quote((root / "boot/config-2.6.30-krg").string())).output,
              AllOf(HasSubstr("CONFIG_KERRIGHED=y\n"), HasSubstr("CONFIG_KRG_SCHED=y\n")));
}

TEST_F(KerrighedKernel, ModulePackageHoldsTheSchedulerAndRequiresItsKernel) {
  const std::string files = rpm_query("-l", "kerrighed-module-2.6.30-1.x86_64.rpm");
  EXPECT_THAT(files, AllOf(HasSubstr("/lib/modules/2.6.30-krg/kernel/kerrighed/scheduler/probes/cpu_probe.ko\n"),
                           HasSubstr("/lib/modules/2.6.30-krg/kernel/kerrighed/scheduler/probes/mem_probe.ko\n"),
                           HasSubstr("/lib/modules/2.6.30-krg/kernel/kerrighed/scheduler/policies/round_robin_balancer.ko\n")));
  EXPECT_THAT(rpm_query("-R", "kerrighed-module-2.6.30-1.x86_64.rpm"), HasSubstr("linux-krg = 2.6.30-1"));
}

TEST_F(KerrighedKernel, SourcePackageHoldsThePatchedTree) {
  const std::string files = rpm_query("-l", "linux-krg-source-2.6.30-1.noarch.rpm");
  EXPECT_THAT(files, AllOf(HasSubstr("/usr/src/linux-2.6.30-krg/Makefile\n"),
                           HasSubstr("/usr/src/linux-2.6.30-krg/kerrighed/scheduler/probes/cpu_probe.c\n"),
                           Not(HasSubstr("/usr/src/linux-2.6.30-krg/out"))));
}

TEST_F(KerrighedKernel, AllThreeInstallTogetherIntoARoot) {
  const fs::path root = work / "installed";
  fs::remove_all(root);
  const auto installed = test::run("rpm --root " + quote(root.string()) + " --dbpath /var/lib/rpm -i --nodeps " +
                                   quote(repo.string()) + "/*.x86_64.rpm " + quote(repo.string()) + "/*.noarch.rpm 2>&1");
  ASSERT_EQ(installed.status, 0) << installed.output;
  EXPECT_TRUE(fs::is_regular_file(root / "boot/vmlinuz-2.6.30-krg"));
  EXPECT_TRUE(fs::is_regular_file(root / "lib/modules/2.6.30-krg/kernel/kerrighed/scheduler/policies/round_robin_balancer.ko"));
  EXPECT_TRUE(fs::is_regular_file(root / "usr/src/linux-2.6.30-krg/kerrighed/Kbuild.modules"));
}

}  // namespace
}  // namespace ssi::kernel
