// End to end through a real Slurm (scripts/local-slurm: munged, slurmctld and slurmd on this
// machine): `build --slurm` of recipes that need each other, checked against what the controller
// recorded and byte for byte against a local build; a failing recipe and its dependents; --no-wait
// and Ctrl-C. Images and kernels are in slurm_images_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include "support/local_slurm.hpp"
#include "support/process.hpp"
#include "support/recipe_dir.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using test::quote;

const char* kMain = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n";

class SlurmBuild : public test::SlurmTest {
 protected:
  // alpha <- beta <- gamma (each builds with the one before), and delta on its own.
  std::string recipes(const std::string& alpha_build = "") {
    std::string dirs;
    for (const auto& [name, needs, extra] : {std::tuple{"alpha", "", alpha_build}, {"beta", "\"alpha\"", ""},
                                            {"gamma", "\"beta\"", ""}, {"delta", "", ""}})
      dirs += " " + quote(test::write_recipe(work / "recipes" / name, test::c_program_recipe(name, extra, needs),
                                             {{"main.c", kMain}})
                              .string());
    return dirs;
  }
  test::RunResult build(const std::string& repo, const std::string& more = "") {
    return test::run_cli("build" + recipes() + " --repo " + quote((work / repo).string()) + " --oscar-out " +
                             quote((work / (repo + "-oscar")).string()) + more,
                         slurm->environment());
  }
  std::map<std::string, std::string> job_ids(const std::string& json_output) {
    std::map<std::string, std::string> ids;
    const auto parsed = nlohmann::json::parse(json_output);
    for (const auto& r : parsed["recipes"]) {
      ids[r["recipe"]] = r["slurm_job"];
      EXPECT_FALSE(r["built_here"].get<bool>()) << r["recipe"] << ": the pass after the jobs found it out of date";
    }
    return ids;
  }
};

TEST_F(SlurmBuild, JobsFollowTheBuildOrderAndMakeTheSameBytesAsALocalBuild) {
  const auto local = build("local");
  ASSERT_EQ(local.status, 0) << local.output;
  const auto through_slurm = build("shared", " --slurm --json");
  ASSERT_EQ(through_slurm.status, 0) << through_slurm.output;
  const auto ids = job_ids(through_slurm.output.substr(through_slurm.output.find('{')));

  // The graph Slurm ran: beta after alpha, gamma after beta, the others free; all completed.
  const auto names = slurm->job_names();
  ASSERT_EQ(names.size(), 4u) << slurm->client("squeue --states=all");
  for (const auto& [recipe, id] : ids) EXPECT_EQ(names.at(id), recipe);
  const auto needs = slurm->fulfilled_dependencies();
  EXPECT_THAT(needs.at(ids.at("beta")), ElementsAre(ids.at("alpha")));
  EXPECT_THAT(needs.at(ids.at("gamma")), ElementsAre(ids.at("beta")));
  EXPECT_EQ(needs.count(ids.at("alpha")) + needs.count(ids.at("delta")), 0u);
  for (const auto& [name, state] : slurm->job_states()) EXPECT_EQ(state, "COMPLETED") << name;

  // The same packages, byte for byte, and the repository indexed once the jobs were done.
  for (const char* rpm : {"alpha-1.0-1.x86_64.rpm", "beta-1.0-1.x86_64.rpm", "gamma-1.0-1.x86_64.rpm",
                          "delta-1.0-1.x86_64.rpm", "SRPMS/gamma-1.0-1.src.rpm"})
    EXPECT_EQ(read_file(work / "shared" / rpm).value(), read_file(work / "local" / rpm).value()) << rpm;
  const auto query = test::run_cli("repo query " + quote((work / "shared").string()));
  EXPECT_THAT(query.output, AllOf(HasSubstr("alpha-1.0-1.x86_64"), HasSubstr("gamma-1.0-1.x86_64")));

  // Up to date: nothing is submitted.
  const auto again = build("shared", " --slurm");
  EXPECT_EQ(again.status, 0) << again.output;
  EXPECT_THAT(again.output, AllOf(HasSubstr("nothing to submit"), HasSubstr("gamma: up to date")));
  EXPECT_EQ(slurm->job_names().size(), 4u);
}

TEST_F(SlurmBuild, AFailingRecipeCancelsItsDependentsAndExitsFour) {
  const auto r = test::run_cli("build" + recipes("echo 'compiler exploded' >&2; exit 7") + " --repo " +
                                   quote((work / "repo").string()) + " --slurm",
                               slurm->environment());
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr("alpha: Slurm job"), HasSubstr("failed (output: "), HasSubstr("compiler exploded"),
                              HasSubstr("whole log: " + (work / "repo/.ssi-oscar/logs/alpha.log").string()),
                              HasSubstr("cancelled, as they needed a failed job: beta (job"), HasSubstr("gamma (job")));
  const auto states = slurm->job_states();
  EXPECT_EQ(states.at("alpha"), "FAILED");
  EXPECT_EQ(states.at("beta"), "CANCELLED");
  EXPECT_EQ(states.at("gamma"), "CANCELLED");
  EXPECT_EQ(states.at("delta"), "COMPLETED");
  EXPECT_TRUE(fs::exists(work / "repo/delta-1.0-1.x86_64.rpm"));
  EXPECT_FALSE(fs::exists(work / "repo/beta-1.0-1.x86_64.rpm"));
  // What was built is indexed all the same.
  EXPECT_THAT(test::run_cli("repo query " + quote((work / "repo").string())).output, HasSubstr("delta-1.0-1.x86_64"));
}

TEST_F(SlurmBuild, NoWaitPrintsTheJobsAndALastJobIndexes) {
  const auto r = build("repo", " --slurm --no-wait");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr("submitted alpha: Slurm job"), HasSubstr("submitted index-repository: Slurm job"),
                              HasSubstr("follow them with: squeue --jobs=")));
  for (int i = 0; i < 600 && !slurm->job_states().count("index-repository"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(slurm->job_states()["index-repository"], "COMPLETED");
  EXPECT_THAT(test::run_cli("repo query " + quote((work / "repo").string())).output, HasSubstr("gamma-1.0-1.x86_64"));
}

TEST_F(SlurmBuild, CtrlCCancelsWhatItSubmitted) {
  const auto log = work / "build.log";
  auto running = test::start_cli("build" + recipes("sleep 120") + " --repo " + quote((work / "repo").string()) + " --slurm",
                                 log, slurm->environment());
  bool alpha_running = false;
  for (int i = 0; i < 600 && !alpha_running; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    alpha_running = read_file(log).value_or("").find("alpha: running") != std::string::npos;
  }
  ASSERT_TRUE(alpha_running) << read_file(log).value_or("");
  running.signal(SIGINT);
  EXPECT_EQ(running.wait(), 4);
  EXPECT_THAT(read_file(log).value_or(""), HasSubstr("interrupted: cancelled alpha (job"));
  std::map<std::string, std::string> states;
  for (int i = 0; i < 300 && states.size() < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    states = slurm->job_states();
  }
  for (const char* name : {"alpha", "beta", "gamma"}) EXPECT_EQ(states[name], "CANCELLED") << name;
  // A cancelled job stays in the queue as CG (completing) until slurmd has killed its steps,
  // which takes seconds on a loaded machine; then it must be gone.
  std::string queue = slurm->client("squeue --noheader");
  for (int i = 0; i < 300 && queue.find("alpha") != std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    queue = slurm->client("squeue --noheader");
  }
  EXPECT_THAT(queue, Not(HasSubstr("alpha")));
}

TEST(ScheduledJob, ARunFolderMissingOnTheNodeIsSaidPlainly) {
  const fs::path work = test::scratch_dir();
  const auto dir = test::write_recipe(work / "recipes" / "alpha", test::c_program_recipe("alpha"), {{"main.c", kMain}});
  const auto r = test::run_cli("build " + quote(dir.string()) + " --repo " + quote((work / "repo").string()) +
                               " --scheduled-job " + quote((work / "not-shared").string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr((work / "not-shared/submitted-by").string() + ": not found on "),
                              HasSubstr("a file system every node of the cluster shares")));
  EXPECT_FALSE(fs::exists(work / "repo/alpha-1.0-1.x86_64.rpm"));
}

}  // namespace
}  // namespace ssi
