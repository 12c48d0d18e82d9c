// End to end on real RPMs: index the test universe, resolve, and compare every transaction
// with libsolv's own testsolv run on the same RPM files read by libsolv's rpms2solv.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "repo/repository.hpp"
#include "solve/resolver.hpp"
#include "support/process.hpp"
#include "support/universe.hpp"

namespace ssi::solve {
namespace {
namespace fs = std::filesystem;

struct Case {
  std::vector<std::string> names;
  Recommends recommends = Recommends::install;
};

std::set<std::string> ours(const fs::path& repo_dir, const Case& c, bool& has_problems) {
  Pool pool;
  auto opened = repo::open_repository(pool, {repo_dir, 0}, {}, SolvContent::resolve_only);
  EXPECT_TRUE(opened) << opened.error().message;
  Request request;
  for (const auto& n : c.names) request.specs.push_back({n, ""});
  request.recommends = c.recommends;
  auto res = resolve(pool, request);
  EXPECT_TRUE(res);
  has_problems = !res->ok();
  std::set<std::string> out;
  for (const auto& s : res->steps) out.insert(s.nevra());
  return out;
}

std::set<std::string> testsolv(const fs::path& work, const Case& c, bool& has_problems) {
  std::ofstream t(work / "case.t");
  t << "repo system 0 empty\nrepo available 0 solv available.solv\nsystem x86_64 rpm system\n";
  if (c.recommends == Recommends::ignore) t << "solverflags ignorerecommended\n";
  for (const auto& n : c.names) t << "job install name " << n << "\n";
  t << "result transaction,problems <inline>\n";
  t.close();
  const auto run = test::run("cd " + test::quote(work.string()) + " && testsolv -r case.t");
  std::set<std::string> out;
  std::istringstream lines(run.output);
  has_problems = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("install ", 0) == 0) out.insert(line.substr(8, line.find('@') - 8));
    if (line.rfind("problem ", 0) == 0) has_problems = true;
  }
  return out;
}

TEST(TestsolvAgreement, SameTransactionsAsTestsolvOnTheSameRpms) {
  if (test::run("command -v testsolv && command -v rpms2solv").status != 0) GTEST_SKIP() << "libsolv-tools missing";
  const fs::path work = test::scratch_dir();
  const fs::path repo_dir = work / "rpm";
  test::copy_universe(repo_dir);
  ASSERT_EQ(test::run("rpms2solv " + test::quote(repo_dir.string()) + "/*.rpm > " +
                      test::quote((work / "available.solv").string())).status, 0);

  const std::vector<Case> cases = {
      {{"app"}},          {{"app"}, Recommends::ignore}, {{"app", "mta-postfix"}}, {{"ssi-tools"}},
      {{"newtool"}},      {{"libfoo"}},                  {{"torque", "app-docs"}},  {{"base-shell", "oldtool"}},
      {{"ssi-tools", "torque"}},  // a conflict: both must refuse
      {{"broken"}},               // a missing dependency: both must refuse
  };
  for (const Case& c : cases) {
    std::string label;
    for (const auto& n : c.names) label += n + " ";
    bool our_problems = false, their_problems = false;
    const auto mine = ours(repo_dir, c, our_problems);
    const auto theirs = testsolv(work, c, their_problems);
    EXPECT_EQ(mine, theirs) << "job: " << label;
    EXPECT_EQ(our_problems, their_problems) << "job: " << label;
    if (!our_problems) {
      EXPECT_FALSE(mine.empty()) << "job: " << label;
    }
  }
}

}  // namespace
}  // namespace ssi::solve
