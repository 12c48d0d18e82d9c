// End to end: the jobs suite (recipes/jobs) on two netbooted nodes of each kind of cluster, as
// `cluster test --suite jobs` runs it. On OSCAR nodes (Debian's userland on Debian's
// kernel) the bag of tasks is placed statically over ssh and MPI pi runs one rank per node; on
// Kerrighed nodes the bag starts on one node and Kerrighed spreads it, while Open MPI's
// multi-threaded ranks stay where they started. Times are printed, never asserted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/ssi_image.hpp"
#include "support/universe.hpp"
#include "support/upstream.hpp"
#include "util/fs.hpp"

namespace ssi::boot {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// `cluster test --suite jobs --json` on two nodes of `image` (a Kerrighed group when `kerrighed`).
nlohmann::json run_jobs(const fs::path& image, const std::string& name, bool kerrighed, const fs::path& dir) {
  fs::create_directories(dir / "images");
  fs::create_directory_symlink(image, dir / "images" / name);
  std::ofstream(dir / "jobs.toml") << "[cluster]\nname = \"jobs\"\nimages = \"" << (dir / "images").string() << R"("
[head]
address = "10.78.0.1"
network = "10.78.0.0/24"
interface = "jobs0"
[[group]]
name = "nodes"
image = ")" << name << "\"\n" << (kerrighed ? "kerrighed = { session = 1, nbmin = 2 }\n" : "") << R"([[node]]
name = "node[1-2]"
group = "nodes"
mac = "52:54:00:78:00:11"
ip = "10.78.0.11"
)" << (kerrighed ? "kerrighed_id = 1\n" : "");
  const auto run = test::run_cli("cluster test " + test::quote((dir / "jobs.toml").string()) +
                                 " --suite jobs --usage --json --timeout 1500 --run-dir " + test::quote((dir / "run").string()));
  const auto first = run.output.find('{'), last = run.output.rfind('}');
  EXPECT_EQ(run.status, 0) << run.output;
  if (first == std::string::npos || last == std::string::npos) return nlohmann::json();
  return nlohmann::json::parse(run.output.substr(first, last - first + 1), nullptr, false);
}

// `--usage`: the suite runner listed what it opened after the jobs, which no boot test runs, and
// `image usage` reads that list beside the boot test's: the jobs' package is not proposed.
void expect_jobs_in_usage(const fs::path& image_dir) {
  const auto list = read_file(image_dir / "cluster-usage.txt");
  ASSERT_TRUE(list) << (image_dir / "cluster-usage.txt");
  EXPECT_THAT(*list, HasSubstr("/usr/bin/bag-of-tasks\n"));
  EXPECT_THAT(*list, HasSubstr("/usr/bin/mpi-pi\n"));
  const auto usage = test::run_cli("image usage " + test::quote(image_dir.string()) + " --json");
  ASSERT_EQ(usage.status, 0) << usage.output;
  const auto json = nlohmann::json::parse(usage.output, nullptr, false);
  ASSERT_TRUE(json.is_object()) << usage.output;
  EXPECT_THAT(json["sources"].dump(), HasSubstr("cluster test"));
  EXPECT_THAT(json["proposed"]["not_shipped"].dump(), Not(HasSubstr("cluster-jobs")));
}

// name + nodes -> the job's figures and note, and every test passed.
std::map<std::string, nlohmann::json> jobs_of(const nlohmann::json& run) {
  std::map<std::string, nlohmann::json> jobs;
  if (!run.is_object()) return jobs;
  for (const auto& t : run["tests"]) EXPECT_EQ(t["verdict"], "pass") << t.dump();
  for (const auto& j : run["jobs"]) {
    jobs[j["name"].get<std::string>() + "-" + std::to_string(j["nodes"].get<unsigned>())] = j;
    std::cout << "[ jobs     ] " << j.dump() << "\n";  // the figures, for the log
  }
  return jobs;
}

TEST(ClusterJobs, OnTwoOscarNodesTheBagIsPlacedStaticallyAndPiRunsARankOnEachNode) {
  std::string why;
  const auto kernel_repo = test::debian_kernel_repo(why);
  if (!kernel_repo) {
    if (test::under_ci()) FAIL() << why;
    GTEST_SKIP() << why;
  }
  const auto image = test::oscar_jobs_image(*kernel_repo);
  fs::remove(image / "cluster-usage.txt");  // an earlier run's list proves nothing
  auto jobs = jobs_of(run_jobs(image, "oscar-node", false, test::scratch_dir()));
  expect_jobs_in_usage(image);
  ASSERT_EQ(jobs.size(), 4u);
  EXPECT_EQ(jobs["bag-1"]["figures"]["placement"], "1@node1,2@node1,3@node1,4@node1,5@node1,6@node1,7@node1,8@node1,9@node1");
  // Task i on node i mod 2, and none moved.
  EXPECT_EQ(jobs["bag-2"]["figures"]["placement"], "1@node1,2@node2,3@node1,4@node2,5@node1,6@node2,7@node1,8@node2,9@node1");
  EXPECT_EQ(jobs["bag-2"]["figures"]["migrations"], "0");
  EXPECT_EQ(jobs["pi-1"]["figures"]["where"], "node1");
  EXPECT_EQ(jobs["pi-2"]["figures"]["where"], "node1,node2");
  EXPECT_THAT(jobs["pi-2"]["figures"]["result"].get<std::string>(), ::testing::StartsWith("3.141592"));
}

TEST(ClusterJobs, OnTwoKerrighedNodesTheSystemSpreadsTheBagAndMpiRanksStayPut) {
  std::string why;
  const auto sources = test::upstream_sources(why);
  if (!sources) GTEST_SKIP() << why;
  const auto image = test::ssi_image(*sources);
  fs::remove(image / "cluster-usage.txt");  // an earlier run's list proves nothing
  auto jobs = jobs_of(run_jobs(image, "ssi-node", true, test::scratch_dir()));
  expect_jobs_in_usage(image);
  ASSERT_EQ(jobs.size(), 4u);
  // Without the capabilities to fork elsewhere or migrate, every task stays on node 1 ...
  EXPECT_EQ(jobs["bag-1"]["figures"]["placement"], "1@1,2@1,3@1,4@1,5@1,6@1,7@1,8@1,9@1");
  EXPECT_EQ(jobs["bag-1"]["figures"]["migrations"], "0");
  // ... with them, started from node 1, some run on node 2 (a distant fork or a migration).
  EXPECT_THAT(jobs["bag-2"]["figures"]["placement"].get<std::string>(), ::testing::ContainsRegex("[@>]2"));
  EXPECT_EQ(jobs["bag-2"]["figures"]["launcher"], "1");
  // Open MPI's ranks are multi-threaded: Kerrighed 3.0.0 keeps both on node 1 and refuses to move one.
  EXPECT_EQ(jobs["pi-2"]["figures"]["where"], "node1,node1");
  EXPECT_THAT(jobs["pi-2"]["note"].get<std::string>(), HasSubstr("refused"));
  EXPECT_THAT(jobs["pi-2"]["figures"]["result"].get<std::string>(), ::testing::StartsWith("3.141592"));
}

}  // namespace
}  // namespace ssi::boot
