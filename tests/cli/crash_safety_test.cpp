// SIGKILL at 30 points of `build`, `repo index --repodata`, `import deb` and `image build`
// (tests/support/crash_harness.hpp says what is checked after each kill).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "support/crash_harness.hpp"
#include "support/debian_packages.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/recipe_dir.hpp"
#include "support/rpm_factory.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using test::quote;

void expect_no_problems(const test::CrashReport& r) {
  std::printf("  %d kills over a %.2f s run (%d runs ended before their kill)\n", r.kills, r.seconds, r.finished_first);
  EXPECT_GE(r.kills, 30);
  EXPECT_LT(r.finished_first, r.kills / 2) << "most kill points must fall inside the run";
  for (const auto& p : r.problems) ADD_FAILURE() << p;
}

std::vector<std::string> query_lists(const fs::path& repo, const std::string& package) {
  const auto q = test::run_cli("repo query " + quote(repo.string()) + " --list", test::kQuickSanitizers);
  if (q.status != 0) return {"repo query failed after the kill: " + q.output};
  if (q.output.find(package) == std::string::npos) return {"repo query lost " + package + ": " + q.output};
  return {};
}

TEST(CrashSafety, BuildKilledAnywhere) {
  const fs::path base = test::scratch_dir();
  test::CrashCase c;
  c.prepare = [](const fs::path& ws) {
    for (const std::string name : {"crash-old", "crash-new"})
      test::write_recipe(ws / "recipes" / name, test::c_program_recipe(name), {{"main.c", "int main(void) { return 0; }\n"}});
    const auto built = test::run_cli("build --repo " + quote((ws / "repo").string()) + " " + quote((ws / "recipes/crash-old").string()));
    ASSERT_EQ(built.status, 0) << built.output;
  };
  c.arguments = "build --repo @WS@/repo @WS@/recipes/crash-new";
  c.watch_rpms = true;
  c.after_kill = [](const fs::path& ws) { return query_lists(ws / "repo", "crash-old-1.0-1.x86_64"); };
  c.also_clean = {"/var/tmp/ssi-oscar-build/crash-new."};
  expect_no_problems(test::run_crash_case(base, c));
}

TEST(CrashSafety, RepoIndexWithRepodataKilledAnywhere) {
  if (test::run("command -v dnf").status != 0 && !test::under_ci()) GTEST_SKIP() << "dnf is not installed";
  const fs::path base = test::scratch_dir();
  test::CrashCase c;
  c.prepare = [](const fs::path& ws) {
    test::copy_universe(ws / "repo");
    const auto indexed = test::run_cli("repo index --repodata " + quote((ws / "repo").string()));
    ASSERT_EQ(indexed.status, 0) << indexed.output;
    std::vector<test::TestPackage> more;
    for (int i = 0; i < 20; ++i) more.push_back(test::noarch_package("late" + std::to_string(i)));
    test::build_rpms(more, ws / "repo" / "late");
  };
  c.arguments = "repo index --repodata @WS@/repo";
  c.watched = {"repo/repodata"};
  // The harness checks that repodata/ is byte for byte as before the run or as a finished run
  // made it; dnf reads each of those states once (it takes seconds a time), any other state
  // fails the byte check already.
  auto read_by_dnf = std::make_shared<std::set<std::string>>();
  c.after_kill = [&base, read_by_dnf](const fs::path& ws) {
    std::vector<std::string> problems = query_lists(ws / "repo", "app-1:3.0-1.x86_64");
    const auto state = test::run("cd " + quote((ws / "repo" / "repodata").string()) +
                                 " && find . -type f | sort | xargs cat | sha256sum");
    if (state.status == 0 && !read_by_dnf->insert(state.output).second) return problems;
    const fs::path cache = base / "dnf-cache";
    fs::remove_all(cache);
    const auto dnf = test::run("dnf -q --setopt=reposdir=/dev/null --setopt=cachedir=" + quote(cache.string()) +
                               " --repofrompath=t," + quote((ws / "repo").string()) +
                               " --repo=t --nogpgcheck --releasever=1 repoquery --available app");
    if (dnf.status != 0 || dnf.output.find("app-1:3.0-1.x86_64") == std::string::npos)
      problems.push_back("dnf cannot read the repodata after the kill: " + dnf.output);
    return problems;
  };
  expect_no_problems(test::run_crash_case(base, c));
}

TEST(CrashSafety, ImportDebKilledAnywhere) {
  const fs::path base = test::scratch_dir();
  test::CrashCase c;
  c.prepare = [](const fs::path& ws) {
    fs::create_directories(ws / "debs");
    for (const std::string name : {"crash-first", "crash-second"})
      test::make_deb(ws / "debs", name,
                     "Package: " + name + "\nVersion: 1.0-1\nArchitecture: all\nMaintainer: T <t@example.org>\nDescription: " +
                         name + "\n",
                     {{"/usr/share/" + name + "/data", name + "\n"}});
    const auto imported = test::run_cli("import deb --repo " + quote((ws / "repo").string()) + " " +
                                        quote((ws / "debs/crash-first.deb").string()));
    ASSERT_EQ(imported.status, 0) << imported.output;
  };
  c.arguments = "import deb --repo @WS@/repo @WS@/debs/crash-second.deb";
  c.watch_rpms = true;
  c.after_kill = [](const fs::path& ws) { return query_lists(ws / "repo", "crash-first-1.0-1.noarch"); };
  c.also_clean = {"/var/tmp/ssi-oscar-build/crash-second."};
  expect_no_problems(test::run_crash_case(base, c));
}

TEST(CrashSafety, ImageBuildKilledAnywhere) {
  const auto& fixture = test::image_fixture();
  const fs::path base = test::scratch_dir();
  const std::string kernels = quote(fixture.kernels.string());
  test::CrashCase c;
  c.prepare = [&](const fs::path& ws) {
    const std::string body = "[image]\nname = \"node\"\nrepos = [\"@REPO@\"]\npackages = [\"busybox\"]\nkernel = [\"test-kernel\"]\n";
    const fs::path definition = test::write_image(ws, "node", body);
    const auto built = test::run_cli("image build " + quote(definition.string()) + " --kernels " + kernels + " --out " +
                                     quote((ws / "out").string()));
    ASSERT_EQ(built.status, 0) << built.output;
    test::write_image(ws, "node", body + "cmdline = \"quiet\"\n");  // the next build has new inputs
  };
  c.arguments = "image build @WS@/node.toml --kernels " + kernels + " --out @WS@/out";
  c.watched = {"out"};
  c.logs = "logs/";
  expect_no_problems(test::run_crash_case(base, c));
}

}  // namespace
}  // namespace ssi
