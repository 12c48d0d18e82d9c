// End to end on the real sources: kernels/linux-krg.toml builds Linux 2.6.30 with the Kerrighed
// patch and the project's series using Debian 12's own toolchain; the packages are checked with
// rpm and their payloads. (The image tests boot it.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "recipe/build_cache.hpp"
#include "support/process.hpp"
#include "support/upstream.hpp"

namespace ssi::kernel {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using test::quote;

class LinuxKrg : public ::testing::Test {
 protected:
  fs::path repo;
  void SetUp() override {
    std::string why;
    const auto sources = test::upstream_sources(why);
    if (!sources) GTEST_SKIP() << why;
    repo = test::upstream_kernel_repo(*sources);
  }
  std::string list(const std::string& package) {
    return test::run("rpm -qpl " + quote((repo / (package + "-2.6.30-1.x86_64.rpm")).string())).output;
  }
  // One file of a package's payload.
  std::string payload_file(const std::string& rpm, const std::string& path) {
    return test::run("rpm2cpio " + quote((repo / rpm).string()) + " | cpio -i --quiet --to-stdout ." + path).output;
  }
};

TEST_F(LinuxKrg, BuildsTheThreePackagesFromTheUpstreamSources) {
  for (const char* file : {"linux-krg-2.6.30-1.x86_64.rpm", "kerrighed-module-2.6.30-1.x86_64.rpm",
                           "linux-krg-source-2.6.30-1.noarch.rpm", "SRPMS/linux-krg-2.6.30-1.src.rpm"})
    EXPECT_TRUE(fs::exists(repo / file)) << file;
  EXPECT_THAT(recipe::stand_in_outputs(repo), testing::IsEmpty());
  const auto check = test::run("rpm -K " + quote(repo.string()) + "/*.rpm");
  EXPECT_EQ(check.status, 0) << check.output;
}

TEST_F(LinuxKrg, TheKernelIsConfiguredForComputeNodesUnderQemu) {
  const std::string config = payload_file("linux-krg-2.6.30-1.x86_64.rpm", "/boot/config-2.6.30-krg");
  EXPECT_THAT(config, AllOf(HasSubstr("CONFIG_KERRIGHED=y\n"), HasSubstr("CONFIG_KRG_SCHED=y\n"), HasSubstr("CONFIG_TIPC=y\n"),
                            HasSubstr("CONFIG_PREEMPT_NONE=y\n"), HasSubstr("CONFIG_SERIAL_8250_CONSOLE=y\n"),
                            HasSubstr("CONFIG_E1000=y\n"), HasSubstr("CONFIG_VIRTIO_NET=y\n"), HasSubstr("CONFIG_VIRTIO_BLK=y\n"),
                            HasSubstr("CONFIG_BLK_DEV_INITRD=y\n"), HasSubstr("CONFIG_RD_GZIP=y\n")));
  EXPECT_THAT(config, AllOf(Not(HasSubstr("CONFIG_SOUND=y")), Not(HasSubstr("CONFIG_USB=y")), Not(HasSubstr("CONFIG_KEYS=y")),
                            Not(HasSubstr("CONFIG_RD_ZSTD"))));
  EXPECT_THAT(list("linux-krg"), AllOf(HasSubstr("/boot/vmlinuz-2.6.30-krg\n"), HasSubstr("/boot/System.map-2.6.30-krg\n"),
                                       HasSubstr("/lib/modules/2.6.30-krg/modules.dep\n"), Not(HasSubstr("/kerrighed/"))));
}

TEST_F(LinuxKrg, KerrighedModuleHoldsTheSchedulerModules) {
  const std::string files = list("kerrighed-module");
  const std::string dir = "/lib/modules/2.6.30-krg/kernel/kerrighed/scheduler/";
  for (const char* module : {"probes/migration_probe.ko", "probes/mosix_probe.ko", "filters/threshold_filter.ko",
                             "filters/freq_limit_filter.ko", "filters/remote_cache_filter.ko",
                             "policies/mosix_load_balancer.ko", "policies/round_robin_balancer.ko"})
    EXPECT_THAT(files, HasSubstr(dir + module + "\n"));
  EXPECT_THAT(test::run("rpm -qpR " + quote((repo / "kerrighed-module-2.6.30-1.x86_64.rpm").string())).output,
              HasSubstr("linux-krg = 2.6.30-1"));
  // Images install the kernel package: the scheduler modules come with it.
  EXPECT_THAT(test::run("rpm -qpR " + quote((repo / "linux-krg-2.6.30-1.x86_64.rpm").string())).output,
              HasSubstr("kerrighed-module = 2.6.30-1"));
}

TEST_F(LinuxKrg, TheSourcePackageHoldsTheTreeWithKerrighedAndTheSeries) {
  const std::string rpm = "linux-krg-source-2.6.30-1.noarch.rpm";
  EXPECT_THAT(payload_file(rpm, "/usr/src/linux-2.6.30-krg/kernel/sys.c"), HasSubstr("SYSCALL_DEFINE4(prlimit64"));
  EXPECT_THAT(payload_file(rpm, "/usr/src/linux-2.6.30-krg/Makefile"), HasSubstr("KBUILD_CFLAGS   += -std=gnu89"));
  EXPECT_THAT(payload_file(rpm, "/usr/src/linux-2.6.30-krg/kerrighed/Makefile"), Not(testing::IsEmpty()));
}

}  // namespace
}  // namespace ssi::kernel
