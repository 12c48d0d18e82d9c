// The lines a suite's test_root prints for each test and job, read back by `cluster test`.
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

// A run's last output line without a newline: the verdict printed after it shares its console line.
TEST(TestReport, AVerdictAfterAnUnfinishedLineIsStillFound) {
  const auto said = node_sayings("ssi-oscar-boot: jobs: pi-2: MPI_INIT failed ssi-oscar-boot: test jobs/pi-2: fail 7.7 s: unreachable");
  ASSERT_EQ(said.size(), 2u);
  EXPECT_EQ(said[0], "jobs: pi-2: MPI_INIT failed ");
  const auto verdict = parse_test_report(said[1]);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->name, "pi-2");
  EXPECT_EQ(verdict->verdict, "fail");
  EXPECT_EQ(verdict->why, "unreachable");
  EXPECT_TRUE(node_sayings("[   12.3] e1000: eth0 link up").empty());
  EXPECT_EQ(node_sayings("noise ssi-oscar-boot: cluster ready"), std::vector<std::string>{"cluster ready"});
}

TEST(JobReport, ReadsNameNodesFiguresInOrderAndTheNote) {
  const auto bag = parse_job_report("job bag 2: makespan=18.99 cpu=32.52 migrations=2 launcher=1 placement=1@2,4@1>2");
  ASSERT_TRUE(bag);
  EXPECT_EQ(bag->name, "bag");
  EXPECT_EQ(bag->nodes, 2u);
  ASSERT_EQ(bag->figures.size(), 5u);
  EXPECT_EQ(bag->figures[0], (std::pair<std::string, std::string>{"makespan", "18.99"}));
  EXPECT_EQ(bag->figures[4], (std::pair<std::string, std::string>{"placement", "1@2,4@1>2"}));
  EXPECT_EQ(bag->note, "");

  const auto pi = parse_job_report("job pi 2: compute=30.1 wall=33.0 note=rank pid 7 had 3 threads; migrate 7 2: refused: x=y");
  ASSERT_TRUE(pi);
  EXPECT_EQ(pi->figures.size(), 2u);
  EXPECT_EQ(pi->note, "rank pid 7 had 3 threads; migrate 7 2: refused: x=y");
}

TEST(JobReport, OtherLinesAreNotJobs) {
  EXPECT_FALSE(parse_job_report("jobs: bag-2: task 1 seconds=4.30 host=here"));  // a run's own output
  EXPECT_FALSE(parse_job_report("job bag: makespan=1"));                          // no node count
  EXPECT_FALSE(parse_job_report("job bag 2 nodes: makespan=1"));
  EXPECT_FALSE(parse_job_report("job bag 2: makespan 1"));                        // not KEY=VALUE
  EXPECT_FALSE(parse_job_report("job bag 2: "));
}

}  // namespace
}  // namespace ssi::boot
