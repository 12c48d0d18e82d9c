// The lines a suite's test_root prints for each test, read back by `cluster test`.
#include <gtest/gtest.h>

#include "boot/cluster_boot.hpp"

namespace ssi::boot {
namespace {

TEST(TestReport, ReadsVerdictTimeAndWhy) {
  const auto failed = parse_test_report("test kerrighed/cr_ipc_shm01: fail 12.5 s: ipcshm-tool: unable to dump shm 3: exit 139");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->suite, "kerrighed");
  EXPECT_EQ(failed->name, "cr_ipc_shm01");
  EXPECT_EQ(failed->verdict, "fail");
  EXPECT_DOUBLE_EQ(failed->seconds, 12.5);
  EXPECT_EQ(failed->why, "ipcshm-tool: unable to dump shm 3: exit 139");

  const auto passed = parse_test_report("test kerrighed/cr-pre: pass 2.6 s");
  ASSERT_TRUE(passed);
  EXPECT_EQ(passed->name, "cr-pre");
  EXPECT_EQ(passed->verdict, "pass");
  EXPECT_EQ(passed->why, "");
}

TEST(TestReport, OtherLinesAreNotTests) {
  EXPECT_FALSE(parse_test_report("check migrate: ok (pid 12 said 'node 1')"));
  EXPECT_FALSE(parse_test_report("test cr01 without a suite: pass 1 s"));
  EXPECT_FALSE(parse_test_report("test kerrighed/cr01: pass soon"));
}

}  // namespace
}  // namespace ssi::boot
