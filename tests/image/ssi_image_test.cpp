// End to end on the real SSI node, for Debian 12 (this host's toolchain) and Debian 13 (its
// build root, gcc 14): the distribution's userland, Kerrighed's userland and linux-krg built from
// the upstream sources. One node boots and runs the ordinary commands of
// images/checks/userland.sh; two nodes on a private network form one Kerrighed cluster, migrate
// a process from node 1 to node 2 and restart one from a checkpoint (images/checks/cluster.sh).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boot/boot_test.hpp"
#include "image/manifest.hpp"
#include "support/build_roots.hpp"
#include "support/ssi_image.hpp"
#include "support/upstream.hpp"

namespace ssi::image {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

// "" is this host's Debian 12; debian-13 is built in its build root.
class SsiImage : public ::testing::TestWithParam<std::string> {
 protected:
  fs::path image;
  void SetUp() override {
    std::string why;
    const auto sources = test::upstream_sources(why);
    if (!sources) GTEST_SKIP() << why;
    if (!GetParam().empty() && !test::shared_build_root(GetParam(), why)) GTEST_SKIP() << why;
    image = test::ssi_image(*sources, GetParam());
  }
};

INSTANTIATE_TEST_SUITE_P(Distributions, SsiImage, ::testing::Values("", "debian-13"),
                         [](const auto& info) { return info.param.empty() ? std::string("Debian12Host") : std::string("Debian13"); });

TEST_P(SsiImage, LinuxKrgGetsAGzipInitramfsAndTheCLibraryIsReported) {
  auto m = load_manifest(image);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->kernel.release, "2.6.30-krg");
  EXPECT_TRUE(m->artifacts.contains("ssi-node.cpio.gz"));
  std::string notes;
  for (const auto& n : m->notes) notes += n + "\n";
  EXPECT_THAT(notes, AllOf(HasSubstr("unpacks gzip, bzip2, lzma initramfs, not zstd: the initramfs is gzip"),
                           HasSubstr("is built for Linux 3.2.0 and later; kernel linux-krg (2.6.30-krg) is older; its compat "
                                     "series covers: fs/stat.c: fstatat() with AT_EMPTY_PATH (Linux 2.6.39)"),
                           HasSubstr("made /etc/passwd from /usr/share/base-passwd/passwd.master (base-passwd)"),
                           HasSubstr("made /etc/pam.d/common-auth")));
  // Debian 13's glibc 2.41 carries no ABI note: its documented minimum stands in.
  if (GetParam() == "debian-13") {
    EXPECT_THAT(notes, HasSubstr("(glibc 2.41 has no ABI note: every glibc since 2.26 needs Linux 3.2)"));
  }
}

TEST_P(SsiImage, DebianUserlandRunsOnLinuxKrg) {
  boot::BootTestOptions options;
  options.timeout = std::chrono::seconds(600);
  options.append = "node_id=1";
  auto booted = boot::boot_test(image, options);
  ASSERT_TRUE(booted) << booted.error().message;
  for (const char* check : {"ls-l", "ps", "mount", "ip-addr", "ulimit", "su", "redirections", "perl", "python3", "ssh-keygen",
                            "ssh-login", "mpirun"})
    EXPECT_THAT(booted->node_lines, HasSubstr(std::string("check ") + check + ": ok")) << booted->node_lines;
  EXPECT_THAT(booted->node_lines, HasSubstr("kernel=2.6.30-krg"));
}

TEST_P(SsiImage, TwoNodesFormOneKerrighedClusterAndMigrateAProcess) {
  boot::BootTestOptions options;
  options.timeout = std::chrono::seconds(900);
  options.nodes = 2;
  auto booted = boot::boot_test(image, options);
  ASSERT_TRUE(booted) << booted.error().message;
  EXPECT_THAT(booted->node_lines, AllOf(HasSubstr("check nodes-online: ok"), HasSubstr("check migrate: ok"),
                                        HasSubstr("check checkpoint-restart: ok"), HasSubstr("cluster ready")))
      << booted->node_lines;
}

}  // namespace
}  // namespace ssi::image
