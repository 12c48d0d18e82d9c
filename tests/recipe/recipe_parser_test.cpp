#include "recipe/recipe_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ssi::recipe {
namespace {
using ::testing::HasSubstr;

const char* kGood = R"([package]
name = "kerrighed"
version = "3.0.0"
release = "2"
summary = "Kerrighed single system image"
license = "GPL-2.0-only"
url = "https://example.org/kerrighed"

[[source]]
file = "kerrighed-3.0.0.tar.gz"
sha256 = ["57b25db1cc12e23e33afe460e5a5f4a000372d92dc727361e4a2d812c0b4c9d1"]
md5 = "1fa72bdc458bf47a355f167e01ff6baf"

[build]
tools = ["cc", "make"]
requires = ["linux-libc-dev"]
build = "make"
install = "make install DESTDIR=$DESTDIR"

[[subpackage]]
name = "kerrighed-tools"
summary = "Tools"
files = ["/usr/bin/*"]
config = ["/etc/kerrighed/*"]
requires = ["kerrighed-lib = %{version}-%{release}"]
scripts = { post = "echo installed" }

[[changelog]]
date = "2026-11-24"
author = "Builder <b@example.org>"
version = "3.0.0-2"
text = "- Rebuilt."
)";

TEST(RecipeParser, ReadsEveryPart) {
  auto r = parse_recipe(kGood, "recipes/kerrighed/recipe.toml");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->nevr(), "kerrighed-3.0.0-2");
  ASSERT_EQ(r->sources.size(), 1u);
  EXPECT_EQ(r->sources[0].md5, std::vector<std::string>{"1fa72bdc458bf47a355f167e01ff6baf"});
  EXPECT_EQ(r->sources[0].line, 9);
  EXPECT_EQ(r->build_tools, (std::vector<std::string>{"cc", "make"}));
  ASSERT_EQ(r->subpackages.size(), 1u);
  EXPECT_EQ(r->subpackages[0].scripts.at("post"), "echo installed");
  EXPECT_EQ(r->subpackages[0].relations.requires_[0], "kerrighed-lib = %{version}-%{release}");
  EXPECT_EQ(r->changelog[0].date, "2026-11-24");
  EXPECT_EQ(r->dir, "recipes/kerrighed");
}

TEST(RecipeParser, ReportsEveryBadFieldAtOnceWithFileAndLine) {
  const char* bad = R"([package]
name = "kerrighed"
version = "3.0-0"
summary = 42
licence = "GPL"

[[source]]
file = "x.tar.gz"
sha256 = "not-a-checksum"

[[subpackage]]
name = "kerrighed-lib"
files = "/usr/lib64/*"
scripts = { postinstall = "true" }

[[changelog]]
date = "24/11/2026"
author = "B"
text = "- x"
)";
  auto r = parse_recipe(bad, "recipe.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ExitCode::bad_input);
  const std::string& m = r.error().message;
  EXPECT_THAT(m, HasSubstr("recipe.toml:3: package.version: no '-'"));
  EXPECT_THAT(m, HasSubstr("recipe.toml:4: package.summary: must be a string"));
  EXPECT_THAT(m, HasSubstr("recipe.toml:5: package.licence: unknown key"));
  EXPECT_THAT(m, HasSubstr("package.license: missing (required)"));
  EXPECT_THAT(m, HasSubstr("recipe.toml:9: source[0].sha256: 64 lowercase hex digits"));
  EXPECT_THAT(m, HasSubstr("subpackage[0].summary: missing (required)"));
  EXPECT_THAT(m, HasSubstr("subpackage[0].scripts.postinstall: unknown scriptlet"));
  EXPECT_THAT(m, HasSubstr("recipe.toml:17: changelog[0].date: YYYY-MM-DD"));
  EXPECT_GE(std::count(m.begin(), m.end(), '\n'), 7);
}

TEST(RecipeParser, SyntaxErrorsNameTheLine) {
  auto r = parse_recipe("[package]\nname = \"x\nversion = 1\n", "broken.toml");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("broken.toml:2:"));
}

TEST(RecipeParser, OwnSpecExcludesSteps) {
  std::string text = kGood;
  text.replace(text.find("build = \"make\""), 0, "spec = \"kerrighed.spec\"\n");
  auto r = parse_recipe(text, "recipe.toml");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("build.spec: a recipe names its own spec or gives steps, not both"));
}

TEST(RecipeParser, ResourcesOfItsJobAreReadAndEveryBadOneIsNamed) {
  auto r = parse_recipe(std::string(kGood) + "\n[resources]\ncpus = 4\nmemory = \"6G\"\ntime = \"1h30m\"\n", "recipe.toml");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->resources.cpus, 4u);
  EXPECT_EQ(r->resources.memory_mib, 6144u);
  EXPECT_EQ(r->resources.time_minutes, 90u);
  auto bad = parse_recipe(std::string(kGood) + "\n[resources]\ncpus = 0\nmemory = \"lots\"\ntime = \"soon\"\nnodes = 2\n",
                          "recipe.toml");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("resources.cpus: a number of CPUs from 1 to 4096"));
  EXPECT_THAT(bad.error().message, HasSubstr("resources.memory: \"lots\": a size such as \"512M\" or \"4G\""));
  EXPECT_THAT(bad.error().message, HasSubstr("resources.time: \"soon\": a time limit"));
  EXPECT_THAT(bad.error().message, HasSubstr("resources.nodes"));
}

TEST(RecipeParser, UnknownTopLevelTablesAreErrors) {
  auto r = parse_recipe(std::string(kGood) + "\n[image]\nname = \"x\"\n", "recipe.toml");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("image: unknown key"));
}

}  // namespace
}  // namespace ssi::recipe
