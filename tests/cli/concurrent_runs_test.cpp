// Two runs on one repository, build tree or image output at once, through the binary: each
// either waits (and says so once) or both succeed; never a failure caused by the other run,
// never a mixed result. A run killed with the lock in hand is taken over by the next.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "support/debian_packages.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/recipe_dir.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"
#include "util/sha256.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;
using test::quote;

constexpr const char* kWaitingForRepo = "waiting for the repository ";

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string digest(const fs::path& file) { return sha256_file_hex(file).value_or("missing: " + file.string()); }

class ConcurrentRuns : public ::testing::Test {
 protected:
  fs::path work = test::scratch_dir();
  // A recipe whose build takes `seconds`, so that two runs overlap.
  std::string slow_recipe(const std::string& name, int seconds) {
    return quote(test::write_recipe(work / name, test::c_program_recipe(name, "sleep " + std::to_string(seconds)),
                                    {{"main.c", "int main(void) { return 0; }\n"}})
                     .string());
  }
  std::string repo(const std::string& name) { return quote((work / name).string()); }
};

TEST_F(ConcurrentRuns, TwoBuildsIntoOneRepositoryOneWaitsThenFindsItBuilt) {
  const std::string recipe = slow_recipe("slowpoke", 2);
  const auto runs = test::run_cli_together({"build --repo " + repo("repo") + " " + recipe,
                                            "build --repo " + repo("repo") + " " + recipe});
  ASSERT_EQ(runs[0].status, 0) << runs[0].output;
  ASSERT_EQ(runs[1].status, 0) << runs[1].output;
  const std::string both = runs[0].output + runs[1].output;
  EXPECT_EQ(count(both, kWaitingForRepo), 1) << both;
  EXPECT_EQ(count(both, "slowpoke: built (2 packages)"), 1) << both;
  EXPECT_EQ(count(both, "slowpoke: up to date"), 1) << both;
  EXPECT_THAT(test::run_cli("repo query " + repo("repo") + " --list").output, HasSubstr("slowpoke-1.0-1.x86_64"));
}

TEST_F(ConcurrentRuns, OneRecipeIntoTwoRepositoriesAtOnceGivesTheSameBytes) {
  const std::string recipe = slow_recipe("twin", 2);
  const auto runs = test::run_cli_together({"build --repo " + repo("a") + " " + recipe,
                                            "build --repo " + repo("b") + " " + recipe});
  ASSERT_EQ(runs[0].status, 0) << runs[0].output;
  ASSERT_EQ(runs[1].status, 0) << runs[1].output;
  // Private build trees mounted at the one canonical path: neither waits for the other, and the
  // packages, which record that path, are the same bytes.
  for (const auto& r : runs) EXPECT_THAT(r.output, Not(HasSubstr("waiting for"))) << r.output;
  for (const std::string rpm : {"twin-1.0-1.x86_64.rpm", "SRPMS/twin-1.0-1.src.rpm"})
    EXPECT_EQ(digest(work / "a" / rpm), digest(work / "b" / rpm)) << rpm;
}

TEST_F(ConcurrentRuns, RepoIndexBesideABuildWaitsForAConsistentRepository) {
  const std::string recipe = slow_recipe("indexed", 3);
  auto build = test::start_cli("build --repo " + repo("repo") + " " + recipe, work / "build.log");
  for (int i = 0; i < 200 && !fs::exists(work / "repo" / ".ssi-oscar" / "lock"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto index = test::run_cli("repo index --repodata --compression zstd " + repo("repo"));
  EXPECT_EQ(build.wait(), 0) << read_file(work / "build.log").value_or("");
  ASSERT_EQ(index.status, 0) << index.output;
  EXPECT_EQ(count(index.output, kWaitingForRepo), 1) << index.output;
  // The index ran after the build: its metadata holds the built package.
  fs::path primary;
  for (const auto& e : fs::directory_iterator(work / "repo" / "repodata"))
    if (e.path().filename().string().ends_with("primary.xml.zst")) primary = e.path();
  EXPECT_THAT(test::run("zstd -dc " + quote(primary.string())).output, HasSubstr("<name>indexed</name>"));
}

TEST_F(ConcurrentRuns, ImportDebBesideRepoIndexOneWaitsBothSucceed) {
  // Two thousand files: the conversion holds the lock for a second or more, so the index
  // started below finds it held.
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 0; i < 2000; ++i) files.emplace_back("/usr/share/beside/data" + std::to_string(i), "data\n");
  const fs::path deb = test::make_deb(work, "beside", "Package: beside\nVersion: 1.0-1\nArchitecture: all\n"
                                                      "Maintainer: T <t@example.org>\nDescription: beside\n",
                                      files);
  auto import = test::start_cli("import deb --repo " + repo("repo") + " " + quote(deb.string()), work / "import.log");
  const fs::path lock = work / "repo" / ".ssi-oscar" / "lock";
  for (int i = 0; i < 400 && read_file(lock).value_or("").empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto index = test::run_cli("repo index " + repo("repo"));
  const std::string imported = read_file(work / "import.log").value_or("");
  EXPECT_EQ(import.wait(), 0) << read_file(work / "import.log").value_or("");
  ASSERT_EQ(index.status, 0) << index.output;
  // Whichever came second waited, once; the index has the converted package either way.
  EXPECT_EQ(count(index.output + read_file(work / "import.log").value_or(""), kWaitingForRepo), 1)
      << index.output << imported;
  EXPECT_THAT(test::run_cli("repo query " + repo("repo") + " --list").output, HasSubstr("beside-1.0-1.noarch"));
}

TEST_F(ConcurrentRuns, OnePackageNameImportedIntoSeveralRepositoriesAtOnceKeepsEachRunsOwnFiles) {
  // Six versions of one package, each with a control file of its own (staged beside the build
  // like maintainer scripts), converted at once into six repositories through the shared build
  // folder: each package carries its own version's file, never another run's.
  std::vector<std::string> runs;
  for (int i = 0; i < 6; ++i) {
    const std::string v = "1." + std::to_string(i);
    const fs::path deb = test::make_deb(work / ("v" + v), "shared",
                                        "Package: shared\nVersion: " + v + "-1\nArchitecture: all\n"
                                        "Maintainer: T <t@example.org>\nDescription: shared\n",
                                        {{"/usr/share/shared/data", "data\n"}, {"/DEBIAN/templates", "from run " + v + "\n"}});
    runs.push_back("import deb --repo " + repo("repo" + std::to_string(i)) + " " + quote(deb.string()));
  }
  const auto results = test::run_cli_together(runs);
  for (int i = 0; i < 6; ++i) {
    const std::string v = "1." + std::to_string(i);
    ASSERT_EQ(results[i].status, 0) << results[i].output;
    const fs::path rpm = work / ("repo" + std::to_string(i)) / ("shared-" + v + "-1.noarch.rpm");
    EXPECT_EQ(test::run("rpm2cpio " + quote(rpm.string()) +
                        " | cpio -i --quiet --to-stdout ./usr/share/ssi-oscar/debian-scripts/shared/templates")
                  .output,
              "from run " + v + "\n");
  }
}

TEST_F(ConcurrentRuns, ARunKilledHoldingTheLockIsTakenOverAndItsBuildTreeRemoved) {
  const std::string recipe = slow_recipe("killed", 30);
  auto build = test::start_cli("build --repo " + repo("repo") + " " + recipe, work / "build.log");
  const fs::path lock = work / "repo" / ".ssi-oscar" / "lock";
  for (int i = 0; i < 400 && read_file(lock).value_or("").empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  const std::string holder = read_file(lock).value_or("");
  ASSERT_FALSE(holder.empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // its private build tree is being used
  build.signal(SIGKILL);
  build.wait();
  const std::string recipe_fast = slow_recipe("killed", 0);  // the same recipe, without the sleep
  const auto next = test::run_cli("build --repo " + repo("repo") + " " + recipe_fast);
  ASSERT_EQ(next.status, 0) << next.output;
  EXPECT_THAT(next.output, HasSubstr("taking over the lock on the repository " + (work / "repo").string() +
                                     " from pid " + holder.substr(0, holder.size() - 1)));
  // Nothing of the killed run is left in the shared build folder.
  for (const auto& e : fs::directory_iterator("/var/tmp/ssi-oscar-build"))
    EXPECT_THAT(e.path().filename().string(), Not(HasSubstr("killed.staging." + holder.substr(0, holder.size() - 1))));
}

TEST_F(ConcurrentRuns, TwoImageBuildsIntoOneOutputOneWaitsAndTheImageIsWhole) {
  const auto& fixture = test::image_fixture();
  const fs::path definition = test::write_image(work, "pair", "[image]\nname = \"pair\"\nrepos = [\"@REPO@\"]\n"
                                                              "packages = [\"busybox\"]\nkernel = [\"test-kernel\"]\n");
  const std::string args = "image build " + quote(definition.string()) + " --kernels " + quote(fixture.kernels.string());
  const auto runs = test::run_cli_together({args + " --out " + repo("out"), args + " --out " + repo("out")});
  ASSERT_EQ(runs[0].status, 0) << runs[0].output;
  ASSERT_EQ(runs[1].status, 0) << runs[1].output;
  const std::string both = runs[0].output + runs[1].output;
  EXPECT_EQ(count(both, "waiting for the image output"), 1) << both;
  EXPECT_EQ(count(both, "pair: up to date"), 1) << both;
  // The same bytes as a run of its own.
  const auto alone = test::run_cli(args + " --out " + repo("alone"));
  ASSERT_EQ(alone.status, 0) << alone.output;
  EXPECT_EQ(digest(work / "out" / "pair.cpio.zst"), digest(work / "alone" / "pair.cpio.zst"));
  for (const auto& e : fs::directory_iterator(work))
    EXPECT_THAT(e.path().filename().string(), Not(AnyOf(HasSubstr(".staging"), HasSubstr(".tmp.")))) << e.path();
}

}  // namespace
}  // namespace ssi
