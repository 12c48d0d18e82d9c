#include "recipe/sources.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "recipe/recipe_parser.hpp"
#include "support/recipe_dir.hpp"
#include "support/universe.hpp"
#include "util/sha256.hpp"

namespace ssi::recipe {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;

class Sources : public ::testing::Test {
 protected:
  fs::path work = test::scratch_dir();
  fs::path downloads = work / "downloads";
  std::string good = sha256_hex("upstream tarball\n");
  std::string other = sha256_hex("something else\n");

  void SetUp() override {
    fs::create_directories(downloads);
    std::ofstream(downloads / "pkg-1.0.tar.gz") << "upstream tarball\n";
  }
  Recipe recipe_with(const std::string& source_table) {
    test::write_recipe(work / "pkg", "[package]\nname = \"pkg\"\nversion = \"1.0\"\nsummary = \"s\"\nlicense = \"MIT\"\n" +
                                         source_table +
                                         "[[subpackage]]\nname = \"pkg\"\nsummary = \"s\"\n[[changelog]]\ndate = "
                                         "\"2026-01-01\"\nauthor = \"a\"\ntext = \"- x\"\n");
    auto r = load_recipe(work / "pkg");
    EXPECT_TRUE(r) << r.error().message;
    return *r;
  }
};

TEST_F(Sources, FoundInTheSourcesDirectoryAndVerified) {
  auto found = locate_sources(recipe_with("[[source]]\nfile = \"pkg-1.0.tar.gz\"\nsha256 = \"" + good + "\"\n"), {downloads});
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->sources[0].path, downloads / "pkg-1.0.tar.gz");
  EXPECT_FALSE(found->sources[0].stand_in);
}

TEST_F(Sources, MismatchNamesTheFileTheExpectedAndTheActualChecksum) {
  auto found = locate_sources(recipe_with("[[source]]\nfile = \"pkg-1.0.tar.gz\"\nsha256 = \"" + other + "\"\n"), {downloads});
  ASSERT_FALSE(found);
  EXPECT_THAT(found.error().message, HasSubstr((downloads / "pkg-1.0.tar.gz").string() + ": checksum mismatch: expected sha256 " +
                                               other + ", actual sha256 " + good));
}

TEST_F(Sources, MissingSourceSaysWhereItWasLookedFor) {
  auto found = locate_sources(recipe_with("[[source]]\nfile = \"absent.tar.gz\"\nsha256 = \"" + good + "\"\n"), {downloads});
  ASSERT_FALSE(found);
  EXPECT_THAT(found.error().message, HasSubstr("source absent.tar.gz: not found (looked in " + downloads.string()));
  EXPECT_THAT(found.error().message, HasSubstr("recipe.toml:6:"));
}

TEST_F(Sources, LegacyMd5AndStandInChecksumsAreAccepted) {
  const std::string md5 = md5_file_hex(downloads / "pkg-1.0.tar.gz").value();
  auto legacy = locate_sources(recipe_with("[[source]]\nfile = \"pkg-1.0.tar.gz\"\nsha256 = \"" + other + "\"\nmd5 = \"" +
                                           md5 + "\"\n"), {downloads});
  ASSERT_TRUE(legacy) << legacy.error().message;
  auto stand_in = locate_sources(recipe_with("[[source]]\nfile = \"pkg-1.0.tar.gz\"\nsha256 = \"" + other +
                                             "\"\nstand_in_sha256 = \"" + good + "\"\n"), {downloads});
  ASSERT_TRUE(stand_in) << stand_in.error().message;
  EXPECT_TRUE(stand_in->sources[0].stand_in);
}

TEST_F(Sources, TheRecipeFolderIsTheLastPlaceLooked) {
  std::ofstream(work / "pkg-local.patch") << "local\n";
  fs::create_directories(work / "pkg");
  std::ofstream(work / "pkg" / "local.patch") << "patch\n";
  auto found = locate_sources(recipe_with("[[patch]]\nfile = \"local.patch\"\nsha256 = \"" + sha256_hex("patch\n") + "\"\n"),
                              {downloads});
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->patches[0].path, work / "pkg" / "local.patch");
}

}  // namespace
}  // namespace ssi::recipe
