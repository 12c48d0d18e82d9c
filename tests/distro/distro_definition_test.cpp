// Distribution definitions: the shipped ones, every bad field at once, and the InRelease fields
// the fetch relies on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "distro/distro_definition.hpp"
#include "distro/release_file.hpp"
#include "util/fs.hpp"

namespace ssi::distro {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(DistroDefinition, ShippedDefinitionsLoad) {
  auto all = load_distros(fs::path(SSI_OSCAR_SOURCE_DIR) / "distros");
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "debian-12");
  EXPECT_EQ((*all)[0].suite, "bookworm");
  EXPECT_EQ((*all)[1].name, "debian-13");
  EXPECT_EQ((*all)[1].suite, "trixie");
  EXPECT_EQ((*all)[1].release_tag, "deb13");
  EXPECT_THAT((*all)[1].architectures, ElementsAre("amd64"));
  ASSERT_EQ((*all)[1].borrowed.size(), 1u);
  EXPECT_EQ((*all)[1].borrowed[0].suite, "bookworm");
  EXPECT_THAT((*all)[1].borrowed[0].packages, ::testing::Contains("pvm"));
  EXPECT_THAT((*all)[1].build_packages, ::testing::Contains("bc"));
  auto by_name = find_distro(fs::path(SSI_OSCAR_SOURCE_DIR) / "distros", "debian-13");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->suite, "trixie");
  auto unknown = find_distro(fs::path(SSI_OSCAR_SOURCE_DIR) / "distros", "debian-99");
  ASSERT_FALSE(unknown);
  EXPECT_THAT(unknown.error().message, AllOf(HasSubstr("distribution debian-99: not defined"), HasSubstr("debian-12, debian-13")));
}

TEST(DistroDefinition, EveryBadFieldAtOnce) {
  TempDir dir;
  const fs::path file = dir.path() / "bad.toml";
  ASSERT_TRUE(write_file_atomic(file, R"([distro]
name = "../debian"
components = []
architectures = ["amd 64"]
keyring = "keys/none.gpg"
release_tag = "deb/13"
colour = "red"
build_packages = ["gcc 14"]
[[borrow]]
suite = "../bookworm"
packages = []
)"));
  auto d = load_distro(file);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ExitCode::bad_input);
  const std::string f = file.string();
  EXPECT_THAT(d.error().message,
              AllOf(HasSubstr(f + ":2: distro.name: letters, digits and ._+- only"), HasSubstr(f + ":1: distro.suite: missing"),
                    HasSubstr(f + ":4: distro.architectures: letters"), HasSubstr(f + ":5: distro.keyring: " + (dir.path() / "keys/none.gpg").string() + " does not exist"),
                    HasSubstr(f + ":6: distro.release_tag: letters"), HasSubstr(f + ":7: distro.colour: unknown key"),
                    HasSubstr(f + ":8: distro.build_packages: letters"), HasSubstr(f + ":10: borrow[0].suite: letters"),
                    HasSubstr(f + ":11: borrow[0].packages: at least one"), HasSubstr("borrow[0].reason: missing")));
}

TEST(ReleaseFile, TheSha256ListAndTheSuite) {
  auto r = parse_release(R"(Origin: Debian
Suite: stable
Version: 13.8
Codename: trixie
MD5Sum:
 3e498904a30e240573dac8ddac594e6f  1961125 main/binary-amd64/Packages.xz
SHA256:
 be3d7d96a040eda0505c1808cccc67f183bbc05dff0842c50f88e6c396557412  9679304 main/binary-amd64/Packages.xz
 2efd6103f013081f8118f4c9f228739bc97bff2e4e1de496f80458c7e72a24ac 56634892 main/binary-amd64/Packages
)",
                         "InRelease");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->codename, "trixie");
  EXPECT_EQ(r->version, "13.8");
  ASSERT_EQ(r->sha256.size(), 2u);
  EXPECT_EQ(r->sha256.at("main/binary-amd64/Packages.xz").size, 9679304u);
  EXPECT_EQ(r->sha256.at("main/binary-amd64/Packages").sha256.substr(0, 8), "2efd6103");

  auto bad = parse_release("Suite: x\nSHA256:\n nothex 12 main/x\n", "InRelease");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("InRelease: SHA256: malformed entry \"nothex 12 main/x\""));
  auto empty = parse_release("Suite: x\n", "InRelease");
  ASSERT_FALSE(empty);
  EXPECT_THAT(empty.error().message, HasSubstr("no SHA256 list"));
}

}  // namespace
}  // namespace ssi::distro
