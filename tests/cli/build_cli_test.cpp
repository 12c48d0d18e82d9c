// End to end through the binary: `ssi-oscar build` exit codes and output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/recipe_dir.hpp"
#include "support/universe.hpp"

namespace ssi::cli {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using test::quote;
using test::run_cli;

class BuildCli : public ::testing::Test {
 protected:
  fs::path work = test::scratch_dir();
  std::string repo = quote((work / "repo").string());
  std::string recipe(const std::string& name, const std::string& extra = "") {
    return quote(test::write_recipe(work / name, test::c_program_recipe(name, extra),
                                    {{"main.c", "int main(void) { return 0; }\n"}})
                     .string());
  }
};

TEST_F(BuildCli, BuildsThenReportsUpToDate) {
  const std::string dir = recipe("tiny");
  const auto first = run_cli("build --repo " + repo + " " + dir);
  ASSERT_EQ(first.status, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("tiny: built (2 packages)"));
  const auto second = run_cli("build --json --repo " + repo + " " + dir);
  ASSERT_EQ(second.status, 0) << second.output;
  const auto j = nlohmann::json::parse(second.output);
  EXPECT_EQ(j["recipes"][0]["up_to_date"], true);
  EXPECT_EQ(j["recipes"][0]["outputs"].size(), 2u);
  // The built packages are in the repository's index.
  EXPECT_THAT(run_cli("repo query " + repo + " --list").output, HasSubstr("tiny-1.0-1.x86_64"));
}

TEST_F(BuildCli, ExitCodesNameTheProblem) {
  test::write_recipe(work / "bad", "[package]\nname = \"bad\"\nversion = \"1\"\nsummary = \"s\"\nlicense = \"MIT\"\nlicence = \"x\"\n");
  const auto bad = run_cli("build --repo " + repo + " " + quote((work / "bad").string()));
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.output, HasSubstr("bad/recipe.toml:6: package.licence: unknown key"));

  const auto failing = run_cli("build --repo " + repo + " " + recipe("broken", "echo 'step blew up'; false"));
  EXPECT_EQ(failing.status, 4);
  EXPECT_THAT(failing.output, HasSubstr("ssi-oscar: error: broken: "));
  EXPECT_THAT(failing.output, HasSubstr("step blew up"));
  EXPECT_THAT(failing.output, HasSubstr("log: "));

  test::write_recipe(work / "needy", "[package]\nname = \"needy\"\nversion = \"1\"\nsummary = \"s\"\nlicense = \"MIT\"\n"
                                     "[build]\ntools = [\"no-such-tool\"]\n[[subpackage]]\nname = \"needy\"\nsummary = \"s\"\n"
                                     "[[changelog]]\ndate = \"2026-01-01\"\nauthor = \"a\"\ntext = \"- x\"\n");
  const auto needy = run_cli("build --repo " + repo + " " + quote((work / "needy").string()));
  EXPECT_EQ(needy.status, 3);
  EXPECT_THAT(needy.output, HasSubstr("tool no-such-tool (not on PATH)"));
  EXPECT_EQ(run_cli("build --repo " + repo + " " + quote((work / "nowhere").string())).status, 2);
}

}  // namespace
}  // namespace ssi::cli
