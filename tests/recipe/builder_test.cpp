// End to end: recipes built into real RPMs with librpmbuild, checked with rpm itself.
#include "recipe/builder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/process.hpp"
#include "support/recipe_dir.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi::recipe {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using test::quote;

const char* kMain = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";

class Builder : public ::testing::Test {
 protected:
  fs::path work = test::scratch_dir();
  BuildOptions options;
  void SetUp() override {
    options.repo = work / "repo";
    options.work = work / "build";
    options.jobs = 2;
  }
  fs::path recipe(const std::string& name, const std::string& extra_build = "", const std::string& requires_ = "") {
    return test::write_recipe(work / "recipes" / name, test::c_program_recipe(name, extra_build, requires_),
                              {{"main.c", kMain}});
  }
  std::string rpm(const std::string& args) { return test::run("rpm " + args).output; }
  std::string bytes(const fs::path& p) { return read_file(p).value(); }
};

TEST_F(Builder, BuildsBinaryAndSourceRpmsThatRpmAccepts) {
  auto built = build_recipes({recipe("hello")}, options);
  ASSERT_TRUE(built) << built.error().message;
  ASSERT_EQ(built->size(), 1u);
  EXPECT_THAT((*built)[0].outputs, ::testing::ElementsAre("hello-1.0-1.x86_64.rpm", "SRPMS/hello-1.0-1.src.rpm"));
  const fs::path binary = options.repo / "hello-1.0-1.x86_64.rpm";
  EXPECT_EQ(rpm("-qpl " + quote(binary.string())), "/usr/bin/hello\n");  // no build-id links without debuginfo
  EXPECT_THAT(rpm("-qpR " + quote(binary.string())), HasSubstr("libc.so.6()(64bit)"));  // rpm's ELF dependencies
  EXPECT_THAT(rpm("-qp --qf '%{PAYLOADCOMPRESSOR}' " + quote(binary.string())), HasSubstr("zstd"));
  const auto check = test::run("rpm -K " + quote(binary.string()) + " " + quote((options.repo / "SRPMS/hello-1.0-1.src.rpm").string()));
  EXPECT_EQ(check.status, 0) << check.output;
  EXPECT_THAT(check.output, HasSubstr("digests OK"));
  // The repository index knows the new packages.
  EXPECT_TRUE(fs::exists(options.repo / ".ssi-oscar" / "packages.solv"));
}

TEST_F(Builder, RebuildsAreByteIdenticalAndUnchangedRecipesAreSkipped) {
  const fs::path dir = recipe("hello");
  ASSERT_TRUE(build_recipes({dir}, options));
  const std::string first = bytes(options.repo / "hello-1.0-1.x86_64.rpm");
  const std::string first_src = bytes(options.repo / "SRPMS/hello-1.0-1.src.rpm");
  auto again = build_recipes({dir}, options);
  ASSERT_TRUE(again);
  EXPECT_TRUE((*again)[0].up_to_date);
  fs::remove_all(options.repo / ".ssi-oscar" / "builds");  // forget the cache: a real rebuild
  auto rebuilt = build_recipes({dir}, options);
  ASSERT_TRUE(rebuilt);
  EXPECT_FALSE((*rebuilt)[0].up_to_date);
  EXPECT_EQ(bytes(options.repo / "hello-1.0-1.x86_64.rpm"), first);
  EXPECT_EQ(bytes(options.repo / "SRPMS/hello-1.0-1.src.rpm"), first_src);
  // A change to any file of the recipe makes it build again.
  test::write_recipe(dir, test::c_program_recipe("hello"), {{"main.c", std::string(kMain) + "\n"}});
  auto changed = build_recipes({dir}, options);
  ASSERT_TRUE(changed);
  EXPECT_FALSE((*changed)[0].up_to_date);
}

TEST_F(Builder, AFailingStepShowsTheLogAndKeepsEarlierOutputs) {
  const fs::path dir = recipe("hello");
  ASSERT_TRUE(build_recipes({dir}, options));
  const std::string before = bytes(options.repo / "hello-1.0-1.x86_64.rpm");
  test::write_recipe(dir, test::c_program_recipe("hello", "echo 'compiler exploded' >&2; exit 7"), {{"main.c", kMain}});
  auto failed = build_recipes({dir}, options);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ExitCode::step_failed);
  EXPECT_THAT(failed.error().message, HasSubstr("compiler exploded"));
  EXPECT_THAT(failed.error().message, HasSubstr((options.repo / ".ssi-oscar/logs/hello.log").string()));
  EXPECT_EQ(bytes(options.repo / "hello-1.0-1.x86_64.rpm"), before);
}

// rpmbuild writes each package through a large zstd context; glibc is asked for huge pages.
TEST_F(Builder, RpmbuildRunsWithHugePagesForItsAllocations) {
  ASSERT_TRUE(build_recipes({recipe("hello", "echo \"tunables: $GLIBC_TUNABLES\"")}, options));
  EXPECT_THAT(bytes(options.repo / ".ssi-oscar/logs/hello.log"), HasSubstr("tunables: glibc.malloc.hugetlb=1"));
}

// An OSCAR package's opkg meta-packages build beside its recipe, but only a recipe that
// succeeds publishes them.
TEST_F(Builder, AFailedOscarRecipePublishesNoMetaPackages) {
  const std::string oscar = "\n[oscar]\ngroup = \"Application\"\nlicense = \"GPL\"\nclient = [\"hello\"]\n"
                            "authors = [{ name = \"Test\", email = \"test@example.org\" }]\n";
  const fs::path dir = test::write_recipe(work / "recipes" / "hello", test::c_program_recipe("hello", "exit 7") + oscar,
                                          {{"main.c", kMain}});
  options.oscar_out = work / "oscar-packages";
  auto failed = build_recipes({dir}, options);
  ASSERT_FALSE(failed);
  EXPECT_THAT(failed.error().message, HasSubstr("not published: its recipe hello failed"));
  EXPECT_EQ(test::run("find " + quote(options.repo.string()) + " -name 'opkg-*.rpm'").output, "");
  test::write_recipe(dir, test::c_program_recipe("hello") + oscar, {{"main.c", kMain}});
  auto built = build_recipes({dir}, options);
  ASSERT_TRUE(built) << built.error().message;
  EXPECT_THAT(test::run("find " + quote(options.repo.string()) + " -name 'opkg-*.rpm'").output, HasSubstr("opkg-hello"));
}

TEST_F(Builder, RecipesAreBuiltInDependencyOrder) {
  // "greeter" needs "hello" installed to build: its build requires name hello's package.
  const fs::path greeter = recipe("greeter", "test -n \"$RPM_BUILD_ROOT\"", "\"hello\"");
  const fs::path hello = recipe("hello");
  auto built = build_recipes({greeter, hello}, options);
  ASSERT_TRUE(built) << built.error().message;
  ASSERT_EQ(built->size(), 2u);
  EXPECT_EQ((*built)[0].name, "hello");
  EXPECT_EQ((*built)[1].name, "greeter");
}

TEST_F(Builder, MissingBuildRequirementsAreAllListed) {
  test::write_recipe(work / "recipes" / "needy",
                     "[package]\nname = \"needy\"\nversion = \"1\"\nsummary = \"s\"\nlicense = \"MIT\"\n[build]\n"
                     "tools = [\"no-such-compiler\"]\nrequires = [\"no-such-lib >= 2\"]\n[[subpackage]]\nname = "
                     "\"needy\"\nsummary = \"s\"\n[[changelog]]\ndate = \"2026-01-01\"\nauthor = \"a\"\ntext = \"- x\"\n");
  auto built = build_recipes({work / "recipes" / "needy"}, options);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().code, ExitCode::unresolvable);
  EXPECT_THAT(built.error().message, HasSubstr("tool no-such-compiler (not on PATH)"));
  EXPECT_THAT(built.error().message, HasSubstr("package no-such-lib >= 2 (not in"));
}

TEST_F(Builder, BadRecipesAreAllReportedBeforeAnythingIsBuilt) {
  test::write_recipe(work / "recipes" / "a", "[package]\nname = \"a\"\n");
  test::write_recipe(work / "recipes" / "b", "[package]\nversion = \"1\"\n");
  auto built = build_recipes({work / "recipes" / "a", work / "recipes" / "b", recipe("hello")}, options);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().code, ExitCode::bad_input);
  EXPECT_THAT(built.error().message, HasSubstr("a/recipe.toml:1: package.version: missing"));
  EXPECT_THAT(built.error().message, HasSubstr("b/recipe.toml:1: package.name: missing"));
  EXPECT_FALSE(fs::exists(options.repo / "hello-1.0-1.x86_64.rpm"));
}

}  // namespace
}  // namespace ssi::recipe
