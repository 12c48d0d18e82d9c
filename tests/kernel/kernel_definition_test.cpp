// Kernel definitions: the shipped ones load, every bad field of a broken one is reported at once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "kernel/kernel_definition.hpp"
#include "recipe/build_cache.hpp"
#include "util/fs.hpp"

namespace ssi::kernel {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

fs::path write_definition(const TempDir& dir, const std::string& name, const std::string& text) {
  const fs::path file = dir.path() / (name + ".toml");
  std::ofstream(file) << text;
  return file;
}

TEST(KernelDefinition, ShippedDefinitionsLoad) {
  auto kernels = load_kernels(fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels");
  ASSERT_TRUE(kernels) << kernels.error().message;
  ASSERT_EQ(kernels->size(), 3u);
  EXPECT_EQ((*kernels)[0].package, "linux-image-amd64");  // debian: from its package
  EXPECT_FALSE((*kernels)[0].build);
  const KernelDefinition& krg = (*kernels)[1];
  EXPECT_EQ(krg.name, "linux-krg");
  ASSERT_TRUE(krg.build);
  EXPECT_TRUE(krg.build->build_root.empty());  // Debian 12's and 13's toolchains build it through its series
  EXPECT_EQ(krg.build->patch_series, "patches/linux-krg");
  EXPECT_TRUE(krg.build->make_flags.empty());  // the toolchain's own gcc: 12 or 14
  EXPECT_EQ(krg.build->source_package, "linux-krg-source");
  ASSERT_EQ(krg.recipe.subpackages.size(), 1u);
  EXPECT_EQ(krg.recipe.subpackages[0].name, "kerrighed-module");
  EXPECT_THAT(krg.cmdline, HasSubstr("session_id=1"));
  const KernelDefinition& node = (*kernels)[2];
  EXPECT_EQ(node.package, "kernel-node");
  EXPECT_EQ(node.recipe.sources.at(0).installed_by, "linux-source-6.1");
  EXPECT_TRUE(node.build->build_root.empty());
}

TEST(KernelDefinition, PackagedKernelNeedsNoBuildTable) {
  TempDir dir;
  const auto file = write_definition(dir, "debian", R"([kernel]
name = "debian-6.1"
summary = "Debian's kernel"
package = "linux-image-6.1.0-28-amd64"
cmdline = "console=ttyS0"
)");
  auto k = load_kernel(file);
  ASSERT_TRUE(k) << k.error().message;
  EXPECT_FALSE(k->build);
  EXPECT_EQ(k->package, "linux-image-6.1.0-28-amd64");
}

TEST(KernelDefinition, ReportsEveryBadFieldWithItsLine) {
  TempDir dir;
  const auto file = write_definition(dir, "broken", R"([kernel]
name = "bad name"
package = "k"
colour = "blue"
[build]
license = "GPL-2.0-only"
options = ["CONFIG_OK=y", "NOT_AN_OPTION"]
local_version = "node"
modules = "yes"
)");
  auto k = load_kernel(file);
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, ExitCode::bad_input);
  const std::string f = file.string();
  EXPECT_THAT(k.error().message,
              AllOf(HasSubstr(f + ":2: kernel.name: letters"), HasSubstr(f + ":1: kernel.summary: missing"),
                    HasSubstr(f + ":4: kernel.colour: unknown key"), HasSubstr(f + ":7: build.options: CONFIG_NAME=value"),
                    HasSubstr("(got \"NOT_AN_OPTION\")"), HasSubstr(f + ":8: build.local_version"),
                    HasSubstr(f + ":9: build.modules: must be true or false"), HasSubstr("source: a buildable kernel needs"),
                    HasSubstr("changelog")));
}

TEST(KernelDefinition, ANameThatIsAPathOrACommandLineOfTwoLinesIsRefused) {
  TempDir dir;
  const auto file = write_definition(dir, "escape", "[kernel]\nname = \"..\"\nsummary = \"s\"\npackage = \"k\"\n"
                                                    "cmdline = \"console=ttyS0\\nchain http://elsewhere/x\"\n");
  auto k = load_kernel(file);
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, ExitCode::bad_input);
  const std::string f = file.string();
  EXPECT_THAT(k.error().message, AllOf(HasSubstr(f + ":2: kernel.name: letters, digits and ._+- only"), HasSubstr("(got \"..\")"),
                                       HasSubstr(f + ":5: kernel.cmdline: control character 0x0a at byte 13")));
}

TEST(KernelDefinition, UnknownNameListsTheDefinedOnes) {
  auto k = find_kernel(fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels", "linux-9");
  ASSERT_FALSE(k);
  EXPECT_THAT(k.error().message, AllOf(HasSubstr("kernel linux-9: not defined in"), HasSubstr("debian, linux-krg, node-6.1")));
}

TEST(KernelDefinition, ABuildDependsOnItsOwnDefinitionNotOnItsNeighbours) {
  TempDir dir;
  const fs::path shipped = fs::path(SSI_OSCAR_SOURCE_DIR) / "kernels" / "node-6.1.toml";
  fs::copy_file(shipped, dir.path() / "node-6.1.toml");
  std::ofstream(dir.path() / "other.toml") << "# another kernel\n";
  auto k = load_kernel(dir.path() / "node-6.1.toml");
  ASSERT_TRUE(k) << k.error().message;
  const auto key = [&] { return recipe::build_key(k->recipe, {}, "spec", 0); };
  const std::string before = key();
  std::ofstream(dir.path() / "other.toml") << "# another kernel, changed\n";
  EXPECT_EQ(key(), before);
  std::ofstream(dir.path() / "node-6.1.toml", std::ios::app) << "# changed\n";
  EXPECT_NE(key(), before);
}

}  // namespace
}  // namespace ssi::kernel
