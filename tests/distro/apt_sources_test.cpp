// The host's apt sources, read to learn the archive's address: one-line and deb822 entries, and
// the choice among them for a distribution.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "distro/apt_sources.hpp"
#include "util/fs.hpp"

namespace ssi::distro {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Distro debian(const std::string& keyring = "/usr/share/keyrings/debian-archive-keyring.gpg") {
  Distro d;
  d.name = "debian-13";
  d.suite = "trixie";
  d.components = {"main"};
  d.keyring = keyring;
  return d;
}

TEST(AptSources, OneLineEntriesWithOptionsAndComments) {
  const auto sources = parse_one_line_sources(
      "# a comment\n"
      "deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian bookworm main contrib\n"
      "deb-src http://mirror.example/debian bookworm main\n"
      "deb http://security.example/debian-security bookworm-security main # trailing\n",
      "sources.list");
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_THAT(sources[0].uris, ElementsAre("http://mirror.example/debian"));
  EXPECT_THAT(sources[0].suites, ElementsAre("bookworm"));
  EXPECT_THAT(sources[0].components, ElementsAre("main", "contrib"));
  EXPECT_EQ(sources[0].signed_by, "/usr/share/keyrings/debian-archive-keyring.gpg");
  EXPECT_THAT(sources[1].suites, ElementsAre("bookworm-security"));
}

TEST(AptSources, Deb822StanzasSkipSourceOnlyAndDisabledOnes) {
  const auto sources = parse_deb822_sources(R"(Types: deb deb-src
URIs: http://mirror.example/debian/
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

# only sources
Types: deb-src
URIs: http://elsewhere.example/debian
Suites: bookworm
Components: main

Types: deb
URIs: http://off.example/debian
Suites: bookworm
Components: main
Enabled: no

Types: deb
URIs: http://inline.example/apt
Suites: stable
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 -----END PGP PUBLIC KEY BLOCK-----
)",
                                            "debian.sources");
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_THAT(sources[0].suites, ElementsAre("bookworm", "bookworm-updates"));
  EXPECT_EQ(sources[0].signed_by, "/usr/share/keyrings/debian-archive-keyring.gpg");
  EXPECT_THAT(sources[1].uris, ElementsAre("http://inline.example/apt"));
  EXPECT_EQ(sources[1].signed_by, "");  // inline keys are no keyring file
}

TEST(AptSources, TheMirrorIsTheReleaseSuiteSignedByTheDistributionsKeyring) {
  std::vector<AptSource> sources = {
      {{"http://security.example/debian-security"}, {"bookworm-security"}, {"main"}, "/usr/share/keyrings/debian-archive-keyring.gpg", "a"},
      {{"https://third.party/apt"}, {"nodistro"}, {"main"}, "/usr/share/keyrings/third.gpg", "b"},
      {{"http://mirror.example/debian/"}, {"bookworm", "bookworm-updates"}, {"main"}, "/usr/share/keyrings/debian-archive-keyring.gpg", "c"},
  };
  auto mirror = choose_mirror(sources, debian());
  ASSERT_TRUE(mirror) << mirror.error().message;
  EXPECT_EQ(*mirror, "http://mirror.example/debian");

  auto none = choose_mirror({sources[1]}, [] {
    Distro d = debian();
    d.components = {"main", "contrib"};
    return d;
  }());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ExitCode::bad_input);
  EXPECT_THAT(none.error().message, HasSubstr("debian-13: no entry of this machine's apt sources serves component(s) main, contrib"));
  EXPECT_THAT(none.error().message, HasSubstr("pass --mirror URI"));
}

TEST(AptSources, EachSuiteIsServedWhereTheHostListsItSecurityFromTheSecurityArchive) {
  const std::vector<AptSource> sources = {
      {{"http://mirror.example/debian"}, {"bookworm", "bookworm-updates"}, {"main"}, "", "a"},
      {{"http://security.example/debian-security/"}, {"bookworm-security"}, {"main"}, "", "b"},
  };
  const std::string mirror = "http://mirror.example/debian";
  EXPECT_EQ(suite_mirror(sources, "bookworm-updates", mirror), mirror);
  EXPECT_EQ(suite_mirror(sources, "bookworm-security", mirror), "http://security.example/debian-security");
  EXPECT_EQ(suite_mirror(sources, "trixie-security", mirror), "http://security.example/debian-security");
  EXPECT_EQ(suite_mirror(sources, "trixie-updates", mirror), mirror);
}

TEST(AptSources, HostFilesAreReadAsAptReadsThem) {
  TempDir etc;
  fs::create_directories(etc.path() / "sources.list.d");
  ASSERT_TRUE(write_file_atomic(etc.path() / "sources.list", "deb http://one.example/debian bookworm main\n"));
  ASSERT_TRUE(write_file_atomic(etc.path() / "sources.list.d/a.sources", "Types: deb\nURIs: http://two.example/debian\nSuites: trixie\nComponents: main\n"));
  ASSERT_TRUE(write_file_atomic(etc.path() / "sources.list.d/b.list.disabled", "deb http://three.example/debian bookworm main\n"));
  const auto sources = host_apt_sources(etc.path());
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_THAT(sources[0].uris, ElementsAre("http://one.example/debian"));
  EXPECT_THAT(sources[1].uris, ElementsAre("http://two.example/debian"));
}

}  // namespace
}  // namespace ssi::distro
