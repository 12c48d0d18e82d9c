// Results of cluster runs kept by content: the key follows what the nodes would be served and how
// they are run, and a run's document reads back as the same result.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "boot/run_results.hpp"
#include "support/image_fixture.hpp"
#include "util/fs.hpp"

namespace ssi::boot {
namespace {
namespace fs = std::filesystem;

const char* kKeyedImage = R"([image]
name = "keyed"
repos = ["@REPO@"]
packages = ["busybox"]
kernel = ["test-kernel"]
)";

std::string keyed_cluster(const fs::path& images, const std::string& second_ip) {
  return "[cluster]\nname = \"keyed\"\nimages = \"" + images.string() + R"("
[head]
address = "10.79.0.1"
network = "10.79.0.0/24"
[[group]]
name = "compute"
image = "keyed"
[[node]]
name = "a1"
group = "compute"
mac = "52:54:00:79:00:01"
ip = "10.79.0.11"
[[node]]
name = "a2"
group = "compute"
mac = "52:54:00:79:00:02"
ip = ")" + second_ip + "\"\n";
}

TEST(RunResults, TheKeyFollowsTheServedFilesTheImageTheSuitesAndTheRunOnly) {
  TempDir dir;
  auto built = test::build_image(dir.path(), "keyed", kKeyedImage);
  ASSERT_TRUE(built) << built.error().message;
  auto load = [&](const std::string& ip) {
    std::ofstream(dir.path() / "keyed.toml") << keyed_cluster(dir.path() / "images", ip);
    return cluster::load_cluster_definition(dir.path() / "keyed.toml").value();
  };
  const auto c = load("10.79.0.12");
  const std::string key = cluster_run_key(c, c.nodes, {}, "boot cpus=1");
  EXPECT_EQ(cluster_run_key(c, c.nodes, {}, "boot cpus=1"), key);
  EXPECT_NE(cluster_run_key(c, c.nodes, {"jobs"}, "boot cpus=1"), key);
  EXPECT_NE(cluster_run_key(c, c.nodes, {}, "boot cpus=2"), key);
  EXPECT_NE(cluster_run_key(c, {c.nodes[0]}, {}, "boot cpus=1"), key);
  EXPECT_NE(cluster_run_key(load("10.79.0.13"), c.nodes, {}, "boot cpus=1"), key);  // a node's address changed
  EXPECT_EQ(cluster_run_key(load("10.79.0.12"), c.nodes, {}, "boot cpus=1"), key);

  // The initramfs written again (its bytes may differ) is another run's input.
  fs::path initramfs;
  for (const auto& e : fs::directory_iterator(dir.path() / "images" / "keyed"))
    if (e.path().string().find(".cpio.") != std::string::npos) initramfs = e.path();
  ASSERT_FALSE(initramfs.empty());
  const std::string bytes = read_file(initramfs).value();
  fs::remove(initramfs);
  ASSERT_TRUE(write_file_atomic(initramfs, bytes));
  EXPECT_NE(cluster_run_key(c, c.nodes, {}, "boot cpus=1"), key);
}

TEST(RunResults, ARunsDocumentReadsBackAsTheSameResult) {
  ClusterBootResult result;
  result.dir = "/runs/lab";
  result.seconds = 91.5;
  NodeOutcome node;
  node.name = "node1";
  node.image = "ssi-compute";
  node.address = node.leased = "10.78.0.11";
  node.boot_seconds = 45.9;
  node.reached = {"node2"};
  node.nfs = {"/home: mounted"};
  node.kerrighed = "node 1 online";
  node.log = "/runs/lab/node1.log";
  result.nodes = {node};
  result.tests = {{"jobs", "pi-2", "fail", 7.2, "PMIx said no"}, {"kerrighed", "cr01", "pass", 3.0, ""}};
  // The job's time is the figure it said first, whatever the keys' order.
  result.jobs = {{"bag", 2, {{"makespan", "19.37"}, {"cpu", "40.1"}, {"placement", "1@1,2@2>1"}}, "two migrations"}};
  result.suite_lines = {"jobs: 4 tests: 3 pass, 1 fail"};
  result.kerrighed_lines = {"cluster up on 2 nodes"};
  result.usage_lists = {{"/images/ssi-compute/cluster-usage.txt", 258}};

  const auto document = nlohmann::json::parse(cluster_result_json("lab", result).dump());
  EXPECT_EQ(document["cluster"], "lab");
  EXPECT_EQ(document["jobs"][0]["measure"], "makespan");
  const auto back = cluster_result_from_json(document);
  EXPECT_EQ(back.dir, result.dir);
  EXPECT_EQ(back.seconds, result.seconds);
  ASSERT_EQ(back.nodes.size(), 1u);
  EXPECT_EQ(back.nodes[0].reached, node.reached);
  EXPECT_EQ(back.nodes[0].kerrighed, node.kerrighed);
  EXPECT_EQ(back.nodes[0].boot_seconds, node.boot_seconds);
  EXPECT_EQ(back.nodes[0].log, node.log);
  ASSERT_EQ(back.tests.size(), 2u);
  EXPECT_EQ(back.tests[0].why, "PMIx said no");
  EXPECT_EQ(back.tests[1].verdict, "pass");
  ASSERT_EQ(back.jobs.size(), 1u);
  EXPECT_EQ(back.jobs[0].figures.front(), (std::pair<std::string, std::string>{"makespan", "19.37"}));
  EXPECT_EQ(back.jobs[0].figures.size(), 3u);
  EXPECT_EQ(back.jobs[0].note, "two migrations");
  EXPECT_EQ(back.suite_lines, result.suite_lines);
  EXPECT_EQ(back.kerrighed_lines, result.kerrighed_lines);
  EXPECT_EQ(back.usage_lists, result.usage_lists);

  SweepPoint point{"oscar", "oscar-compute", 3, {4.5, 20.25, 41.0, 43.5}, 60.0, ""};
  const auto again = sweep_point_from_json(sweep_point_json(point));
  EXPECT_EQ(again.nodes, 3u);
  EXPECT_EQ(again.phases.kernel, 20.25);
  EXPECT_EQ(again.phases.peers, 43.5);
  EXPECT_EQ(again.image, "oscar-compute");
}

}  // namespace
}  // namespace ssi::boot
