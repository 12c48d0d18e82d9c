// End to end through the ssi-oscar binary: exit codes, --json shapes, one-line errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "support/process.hpp"
#include "support/universe.hpp"

namespace ssi::cli {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;
using test::quote;
using test::run_cli;

class Cli : public ::testing::Test {
 protected:
  fs::path work = test::scratch_dir();
  fs::path repo = work / "rpm";
  std::string r = quote(repo.string());
  void SetUp() override {
    test::copy_universe(repo);
    ::setenv("SSI_OSCAR_CACHE_DIR", (work / "cache").c_str(), 1);
  }
  static json parse(const std::string& output) {
    // Warnings go to stderr, merged here: the JSON document starts at the first '{' or '['.
    return json::parse(output.substr(output.find_first_of("{[")));
  }
};

TEST_F(Cli, ResolveJsonHasTheDocumentedShape) {
  const auto result = run_cli("resolve --json --repo " + r + " app");
  ASSERT_EQ(result.status, 0) << result.output;
  const json j = parse(result.output);
  ASSERT_EQ(j["transaction"].size(), 5u);
  std::uint64_t sum = 0;
  for (const json& step : j["transaction"]) {
    for (const char* key : {"name", "epoch", "version", "release", "arch", "repo", "location", "download_size",
                            "install_size", "reason"})
      EXPECT_TRUE(step.contains(key)) << key;
    EXPECT_TRUE(step["reason"].contains("type"));
    sum += step["install_size"].get<std::uint64_t>();
    if (step["name"] == "app") {
      EXPECT_EQ(step["epoch"], "1");
      EXPECT_EQ(step["reason"]["type"], "requested");
    }
    if (step["name"] == "libfoo") {
      EXPECT_EQ(step["reason"]["type"], "dependency");
      EXPECT_EQ(step["reason"]["by"], "app-1:3.0-1.x86_64");
      EXPECT_EQ(step["reason"]["capability"], "libfoo >= 2.0");
    }
  }
  EXPECT_EQ(j["totals"]["packages"], 5);
  EXPECT_EQ(j["totals"]["install_size"].get<std::uint64_t>(), sum);
  EXPECT_TRUE(j["problems"].empty());
}

TEST_F(Cli, ResolveTextNamesReasonsAndTotals) {
  const auto result = run_cli("resolve --repo " + r + " 'libfoo >= 2' /usr/bin/app");
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("needed by app-1:3.0-1.x86_64 for (mta-postfix or mta-exim)"));
  EXPECT_THAT(result.output, ::testing::ContainsRegex("libfoo-2.0-1.x86_64 .* requested"));
  EXPECT_THAT(result.output, HasSubstr("recommended by app-1:3.0-1.x86_64"));
  EXPECT_THAT(result.output, HasSubstr("Total: 5 packages"));
}

TEST_F(Cli, ConflictExitsThreeWithTheChainAndATestcaseTestsolvReplays) {
  const fs::path testcase = work / "testcase";
  const auto result = run_cli("resolve --repo " + r + " --testcase " + quote(testcase.string()) + " ssi-tools torque");
  EXPECT_EQ(result.status, 3) << result.output;
  EXPECT_THAT(result.output, HasSubstr("conflicts with torque"));
  EXPECT_THAT(result.output, HasSubstr("Solution 1:"));
  EXPECT_THAT(result.output, HasSubstr("ssi-oscar: error: the request cannot be resolved (1 problem)"));
  ASSERT_TRUE(fs::exists(testcase / "testcase.t"));
  if (test::run("command -v testsolv").status == 0) {
    const auto replay = test::run("cd " + quote(testcase.string()) + " && testsolv testcase.t");
    EXPECT_EQ(replay.status, 0) << replay.output;  // the recorded result is what testsolv finds
  }
}

TEST_F(Cli, InstalledRootKeepsWhatIsThere) {
  const fs::path root = work / "image";
  const auto installed = test::run("rpm --root " + quote(root.string()) + " --dbpath /var/lib/rpm -i --nodeps " +
                                   quote((repo / "libfoo-2.0-1.x86_64.rpm").string()) + " " +
                                   quote((repo / "base-shell-2.0-1.x86_64.rpm").string()));
  ASSERT_EQ(installed.status, 0) << installed.output;
  const auto result = run_cli("resolve --json --repo " + r + " --installed " + quote(root.string()) + " app");
  ASSERT_EQ(result.status, 0) << result.output;
  const json j = parse(result.output);
  std::vector<std::string> names;
  for (const json& step : j["transaction"]) names.push_back(step["name"]);
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("app", "app-docs", "mta-exim"));
  EXPECT_EQ(run_cli("resolve --repo " + r + " --installed /no/such/root app").status, 2);
}

TEST_F(Cli, PkglistUnknownNamesFailOrWarn) {
  const fs::path list = work / "compute.pkglist";
  std::ofstream(list) << "# compute node\napp\nno-such-package   # gone\n\ntorque\n";
  const auto strict = run_cli("resolve --repo " + r + " --pkglist " + quote(list.string()));
  EXPECT_EQ(strict.status, 3);
  EXPECT_THAT(strict.output, HasSubstr("package no-such-package does not exist (" + list.string() + ":3)"));
  const auto lenient = run_cli("resolve --repo " + r + " --skip-unknown --pkglist " + quote(list.string()));
  EXPECT_EQ(lenient.status, 0) << lenient.output;
  EXPECT_THAT(lenient.output, HasSubstr("warning: package no-such-package does not exist"));
  EXPECT_THAT(lenient.output, HasSubstr("torque-6.1-1.noarch"));
}

TEST_F(Cli, BadInputIsOneLineAndExitTwo) {
  const auto missing = run_cli("resolve --repo " + quote((work / "nowhere").string()) + " app");
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.output, "ssi-oscar: error: " + (work / "nowhere").string() + ": not a directory (repository expected)\n");
  const auto no_list = run_cli("resolve --repo " + r + " --pkglist /no/such.list");
  EXPECT_EQ(no_list.status, 2);
  EXPECT_THAT(no_list.output, HasSubstr("/no/such.list: cannot read"));
}

TEST_F(Cli, UsageErrorsExitOne) {
  EXPECT_EQ(run_cli("resolve app").status, 1);  // --repo is required
  EXPECT_EQ(run_cli("frobnicate").status, 1);
  EXPECT_EQ(run_cli("repo query " + r + " --whatprovides a --whatrequires b").status, 1);
  EXPECT_EQ(run_cli("--help").status, 0);
}

TEST_F(Cli, IndexReportsCorruptFilesAndStrictFails) {
  std::ofstream(repo / "zero.rpm").close();
  const auto lenient = run_cli("repo index --json " + r);
  ASSERT_EQ(lenient.status, 0) << lenient.output;
  const json j = parse(lenient.output);
  EXPECT_EQ(j["packages"], test::universe_packages().size());
  ASSERT_EQ(j["problems"].size(), 1u);
  EXPECT_THAT(j["problems"][0].get<std::string>(), HasSubstr("zero.rpm: empty file"));
  const auto strict = run_cli("repo index --strict " + r);
  EXPECT_EQ(strict.status, 2);
  EXPECT_THAT(strict.output, HasSubstr("ssi-oscar: error: " + (repo / "zero.rpm").string()));
  // The repository is still usable for resolving.
  EXPECT_EQ(run_cli("resolve --repo " + r + " torque").status, 0);
}

TEST_F(Cli, QueryAnswersProvidesRequiresInfoAndList) {
  const auto provides = run_cli("repo query --json " + r + " --whatprovides mta");
  ASSERT_EQ(provides.status, 0) << provides.output;
  EXPECT_EQ(parse(provides.output).size(), 2u);
  const auto requires_ = run_cli("repo query " + r + " --whatrequires krg-kernel");
  EXPECT_THAT(requires_.output, HasSubstr("ssi-tools-3.0-1.noarch"));
  const auto file = run_cli("repo query " + r + " --whatprovides /usr/sbin/exim");
  EXPECT_THAT(file.output, HasSubstr("mta-exim-4.96-1.noarch"));
  const auto info = run_cli("repo query " + r + " --info app");
  EXPECT_THAT(info.output, HasSubstr("(mta-postfix or mta-exim)"));
  EXPECT_THAT(info.output, HasSubstr("app-3.0-1.src.rpm"));
  const auto list = run_cli("repo query --json " + r + " --list");
  EXPECT_EQ(parse(list.output).size(), test::universe_packages().size());
  EXPECT_EQ(run_cli("repo query " + r + " --info nosuch").status, 2);
}

TEST_F(Cli, MetadataOnlyRepositoryIsQueriedAndResolved) {
  ASSERT_EQ(run_cli("repo index --repodata " + r).status, 0);
  const fs::path mirror = work / "mirror";
  fs::create_directories(mirror);
  fs::copy(repo / "repodata", mirror / "repodata");
  const std::string m = quote(mirror.string());
  const auto res = run_cli("resolve --json --repo " + m + " app");
  ASSERT_EQ(res.status, 0) << res.output;
  EXPECT_EQ(parse(res.output)["totals"]["packages"], 5);
  EXPECT_THAT(run_cli("repo query " + m + " --whatprovides mta").output, HasSubstr("mta-postfix"));
  // Broken metadata is one clear line naming the file.
  std::ofstream(mirror / "repodata" / "repomd.xml") << "<repomd><data type=\"primary\"><location href=\"repodata/x.xml.gz\"/>";
  const auto broken = run_cli("resolve --repo " + m + " app");
  EXPECT_EQ(broken.status, 2);
  EXPECT_THAT(broken.output, HasSubstr("repomd.xml"));
}

}  // namespace
}  // namespace ssi::cli
