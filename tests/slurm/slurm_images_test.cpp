// `image build --slurm` of two definitions and `kernel build --slurm` through a real Slurm
// (scripts/local-slurm): one job each, with the definitions' [resources], and the same bytes
// as a build here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "support/image_fixture.hpp"
#include "support/local_slurm.hpp"
#include "support/process.hpp"
#include "support/standin_kernel.hpp"
#include "util/fs.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using test::quote;

class SlurmJobs : public test::SlurmTest {
 protected:
  // The controller's record of the finished job of that name (empty when there is none).
  std::map<std::string, std::string> job(const std::string& name) {
    for (auto& j : slurm->finished_jobs())
      if (j["Name"] == name) return j;
    return {};
  }
};

TEST_F(SlurmJobs, TwoImagesAsJobsAreByteIdenticalToImagesBuiltHere) {
  const auto& fixture = test::image_fixture();
  const auto small = test::write_image(work, "small", "[image]\nname = \"small\"\nrepos = [\"@REPO@\"]\npackages = [\"busybox\"]\n"
                                                      "kernel = [\"test-kernel\"]\n[resources]\ncpus = 1\nmemory = \"768M\"\n");
  const auto node = test::write_image(work, "node", "[image]\nname = \"node\"\nrepos = [\"@REPO@\"]\noscar = [\"nodetools\"]\n"
                                                    "kernel = [\"test-kernel\"]\n");
  auto build = [&](const std::string& out, const std::string& more) {
    return test::run_cli("image build " + quote(small.string()) + " " + quote(node.string()) + " --kernels " +
                             quote(fixture.kernels.string()) + " --oscar-packages " + quote(fixture.oscar_packages.string()) +
                             " --out-dir " + quote((work / out).string()) + more,
                         slurm->environment());
  };
  const auto here = build("here", "");
  ASSERT_EQ(here.status, 0) << here.output;
  const auto jobs = build("shared", " --slurm");
  ASSERT_EQ(jobs.status, 0) << jobs.output;
  EXPECT_THAT(jobs.output, AllOf(HasSubstr("small: built by Slurm job"), HasSubstr("node: built by Slurm job"),
                                 Not(HasSubstr("again here"))));  // the pass here found the jobs' images current

  // One job per image, with the definition's resources or the defaults (2 CPUs, 2 GiB).
  EXPECT_EQ(job("small")["JobState"], "COMPLETED");
  EXPECT_THAT(job("small")["Tres"], HasSubstr("cpu=1,mem=768M"));
  EXPECT_EQ(job("node")["JobState"], "COMPLETED");
  EXPECT_THAT(job("node")["Tres"], HasSubstr("cpu=2,mem=2G"));

  // Every file of the image folders but the root tree (in the archive) and the logs.
  for (const char* name : {"small", "node"}) {
    int compared = 0;
    for (const auto& e : fs::recursive_directory_iterator(work / "here" / name)) {
      const fs::path relative = e.path().lexically_relative(work / "here" / name);
      const std::string top = relative.begin()->string();
      if (!e.is_regular_file() || top == "root" || top == "logs") continue;
      EXPECT_EQ(read_file(work / "shared" / name / relative).value_or("missing"), read_file(e.path()).value())
          << name << "/" << relative.string();
      ++compared;
    }
    EXPECT_GE(compared, 3) << name;  // archive, manifest, boot files
  }
  const auto again = build("shared", " --slurm");
  EXPECT_EQ(again.status, 0) << again.output;
  EXPECT_THAT(again.output, AllOf(HasSubstr("nothing to submit, every image is up to date"), HasSubstr("small: up to date")));
  EXPECT_EQ(slurm->finished_jobs().size(), 2u);
}

TEST_F(SlurmJobs, AKernelAsAJobIsByteIdenticalToOneBuiltHere) {
  const auto packed = test::pack_standin_kernel_sources(work / "sources");
  ASSERT_EQ(packed.status, 0) << packed.output;
  const auto kernels = test::write_kernels(work / "kernels", {{"01-banner.patch", test::kBannerPatch}});
  {
    std::ofstream definition(kernels.definition, std::ios::app);
    definition << "\n[resources]\ncpus = 1\nmemory = \"512M\"\ntime = \"20m\"\n";
  }
  auto build = [&](const std::string& repo, const std::string& more) {
    return test::run_cli("kernel build " + quote(kernels.definition.string()) + " --repo " + quote((work / repo).string()) +
                             " --sources " + quote((work / "sources").string()) + more,
                         slurm->environment());
  };
  const auto here = build("here", "");
  ASSERT_EQ(here.status, 0) << here.output;
  const auto jobs = build("shared", " --slurm");
  ASSERT_EQ(jobs.status, 0) << jobs.output;
  EXPECT_THAT(jobs.output, AllOf(HasSubstr("krg-standin: built by Slurm job"), Not(HasSubstr("again here"))));
  EXPECT_EQ(job("krg-standin")["JobState"], "COMPLETED");
  EXPECT_THAT(job("krg-standin")["Tres"], HasSubstr("cpu=1,mem=512M"));
  EXPECT_EQ(job("krg-standin")["TimeLimit"], "20");
  for (const char* rpm : {"linux-krg-2.6.30-1.x86_64.rpm", "kerrighed-module-2.6.30-1.x86_64.rpm",
                          "linux-krg-source-2.6.30-1.noarch.rpm", "SRPMS/linux-krg-2.6.30-1.src.rpm"})
    EXPECT_EQ(read_file(work / "shared" / rpm).value(), read_file(work / "here" / rpm).value()) << rpm;
  EXPECT_THAT(test::run_cli("repo query " + quote((work / "shared").string())).output, HasSubstr("linux-krg-2.6.30-1.x86_64"));
}

}  // namespace
}  // namespace ssi
