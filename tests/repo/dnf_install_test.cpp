// End to end: rpm-md written by `repo index --repodata` is used by dnf to install into a root.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/process.hpp"
#include "support/universe.hpp"

namespace ssi::repo {
namespace {
namespace fs = std::filesystem;
using test::quote;

TEST(DnfInstall, DnfInstallsFromTheWrittenRepodata) {
  if (test::run("command -v dnf").status != 0) GTEST_SKIP() << "dnf is not installed";
  const fs::path work = test::scratch_dir();
  const fs::path repo = work / "rpm", root = work / "root";
  test::copy_universe(repo);
  const auto index = test::run_cli("repo index --repodata " + quote(repo.string()));
  ASSERT_EQ(index.status, 0) << index.output;
  const auto install = test::run(
      "dnf -q -y --installroot=" + quote(root.string()) + " --setopt=reposdir=/dev/null --setopt=cachedir=" +
      quote((work / "dnf-cache").string()) + " --repofrompath=test," + quote(repo.string()) +
      " --repo=test --nogpgcheck --releasever=1 install app");
  ASSERT_EQ(install.status, 0) << install.output;
  EXPECT_TRUE(fs::exists(root / "usr/bin/app"));
  EXPECT_TRUE(fs::exists(root / "usr/lib64/libfoo.so.2"));
  const auto installed = test::run("rpm --root " + quote(root.string()) + " -qa");
  EXPECT_THAT(installed.output, ::testing::HasSubstr("app-3.0-1.x86_64"));
  EXPECT_THAT(installed.output, ::testing::HasSubstr("libfoo-2.0-1.x86_64"));
}

}  // namespace
}  // namespace ssi::repo
