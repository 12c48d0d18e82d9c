// The closure of the modules an image keeps, on module lists written here in depmod's formats
// (the end-to-end test on Debian's own kernel is in tests/boot/boot_test_test.cpp).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "image/kernel_modules.hpp"

namespace ssi::image {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const char* kDep =
    "kernel/drivers/net/ethernet/intel/e1000/e1000.ko:\n"
    "kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko.xz: kernel/drivers/ptp/ptp.ko.xz kernel/drivers/pps/pps_core.ko.xz\n"
    "kernel/drivers/ptp/ptp.ko.xz: kernel/drivers/pps/pps_core.ko.xz\n"
    "kernel/drivers/pps/pps_core.ko.xz:\n"
    "kernel/fs/nfs/nfsv3.ko: kernel/fs/nfs/nfs.ko kernel/net/sunrpc/sunrpc.ko\n"
    "kernel/fs/nfs/nfs.ko: kernel/net/sunrpc/sunrpc.ko\n"
    "kernel/net/sunrpc/sunrpc.ko:\n"
    "kernel/lib/crc32c_generic.ko:\n"
    "kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko\n"
    "kernel/fs/jbd2/jbd2.ko:\n"
    "kernel/drivers/virtio/virtio-net.ko:\n";
const char* kSoftdep =
    "# Soft dependencies extracted from modules themselves.\nsoftdep ext4 pre: crypto-crc32c\nsoftdep nfs post: absent_module\n";
const char* kAlias = "alias crypto-crc32c crc32c_generic\nalias crc32c crc32c_generic\nalias pci:v00008086d0000100Esv*sd*bc*sc*i* e1000\n";
const char* kBuiltin = "kernel/drivers/block/loop.ko\n";

std::set<std::string> closure(const std::vector<std::string>& wanted) {
  auto kept = module_closure(kDep, kSoftdep, kAlias, kBuiltin, wanted, "images/x.toml:3: image.modules.debian");
  EXPECT_TRUE(kept) << kept.error().message;
  return kept ? *kept : std::set<std::string>{};
}

TEST(KernelModules, NamesAreComparedAsModprobeDoes) {
  EXPECT_EQ(module_name("kernel/drivers/virtio/virtio-net.ko"), "virtio_net");
  EXPECT_EQ(module_name("kernel/drivers/pps/pps_core.ko.xz"), "pps_core");
  EXPECT_EQ(module_name("virtio-net"), "virtio_net");
}

TEST(KernelModules, TheClosureFollowsModulesDepSoftDependenciesAndAliases) {
  EXPECT_THAT(closure({"e1000e"}), ElementsAre("kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko.xz", "kernel/drivers/pps/pps_core.ko.xz",
                                               "kernel/drivers/ptp/ptp.ko.xz"));
  EXPECT_THAT(closure({"nfsv3"}), ElementsAre("kernel/fs/nfs/nfs.ko", "kernel/fs/nfs/nfsv3.ko", "kernel/net/sunrpc/sunrpc.ko"));
  // ext4's soft dependency (an alias) comes with it; nfs's names a module this kernel lacks, which is no error.
  EXPECT_THAT(closure({"ext4", "nfs"}), ElementsAre("kernel/fs/ext4/ext4.ko", "kernel/fs/jbd2/jbd2.ko", "kernel/fs/nfs/nfs.ko",
                                                    "kernel/lib/crc32c_generic.ko", "kernel/net/sunrpc/sunrpc.ko"));
  EXPECT_THAT(closure({"virtio_net", "virtio-net"}), ElementsAre("kernel/drivers/virtio/virtio-net.ko"));
  EXPECT_THAT(closure({"crc32c"}), ElementsAre("kernel/lib/crc32c_generic.ko"));
}

TEST(KernelModules, ABuiltInModuleNeedsNoFile) {
  EXPECT_THAT(closure({"loop", "e1000"}), ElementsAre("kernel/drivers/net/ethernet/intel/e1000/e1000.ko"));
  EXPECT_TRUE(closure({"loop"}).empty());
}

TEST(KernelModules, EveryUnknownNameIsOneLineAtOnce) {
  auto kept = module_closure(kDep, kSoftdep, kAlias, kBuiltin, {"e1001", "e1000", "nfs4"}, "images/x.toml:3: image.modules.debian");
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error().code, ExitCode::bad_input);
  EXPECT_EQ(kept.error().message,
            "images/x.toml:3: image.modules.debian: no module \"e1001\" in this kernel (neither in modules.dep nor built in)\n"
            "images/x.toml:3: image.modules.debian: no module \"nfs4\" in this kernel (neither in modules.dep nor built in)");
  EXPECT_THAT(kept.error().message, Not(HasSubstr("\"e1000\"")));
}

}  // namespace
}  // namespace ssi::image
