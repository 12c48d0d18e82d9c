#include "recipe/spec_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "recipe/recipe_parser.hpp"

namespace ssi::recipe {
namespace {
using ::testing::HasSubstr;

Recipe sample() {
  auto r = parse_recipe(R"([package]
name = "kerrighed"
version = "3.0.0"
summary = "Kerrighed"
license = "GPL-2.0-only"
[[source]]
file = "kerrighed-3.0.0.tar.gz"
sha256 = "57b25db1cc12e23e33afe460e5a5f4a000372d92dc727361e4a2d812c0b4c9d1"
[[patch]]
file = "gcc12.patch"
sha256 = "57b25db1cc12e23e33afe460e5a5f4a000372d92dc727361e4a2d812c0b4c9d1"
[build]
requires = ["linux-libc-dev"]
build = "make"
install = "make install"
[[subpackage]]
name = "kerrighed-tools"
summary = "Tools"
files = ["/usr/bin/krgadm"]
config = ["/etc/kerrighed/*"]
requires = ["kerrighed-lib"]
scripts = { post = "/sbin/ldconfig" }
[[subpackage]]
name = "kerrighed"
summary = "Main"
files = ["/usr/share/doc/kerrighed"]
conflicts = ["torque"]
[[changelog]]
date = "2026-11-25"
author = "B <b@example.org>"
version = "3.0.0-1"
text = "- First."
)", "recipe.toml");
  EXPECT_TRUE(r) << r.error().message;
  return *r;
}

TEST(SpecWriter, RendersPackagesStepsFilesAndChangelog) {
  const std::string spec = render_spec(sample());
  EXPECT_THAT(spec, HasSubstr("Name: kerrighed\nVersion: 3.0.0\nRelease: 1\n"));
  EXPECT_THAT(spec, HasSubstr("Source0: kerrighed-3.0.0.tar.gz\nPatch0: gcc12.patch\n"));
  EXPECT_THAT(spec, HasSubstr("BuildRequires: linux-libc-dev\n"));
  EXPECT_THAT(spec, HasSubstr("Conflicts: torque\n"));  // the main package's relations, in the preamble
  EXPECT_THAT(spec, HasSubstr("%package -n kerrighed-tools\nSummary: Tools\nRequires: kerrighed-lib\n"));
  EXPECT_THAT(spec, HasSubstr("%setup -q -n %{name}-%{version}\n%patch -P 0 -p1\n"));
  EXPECT_THAT(spec, HasSubstr("export DESTDIR=%{buildroot}"));
  EXPECT_THAT(spec, HasSubstr("%files -n kerrighed-tools\n/usr/bin/krgadm\n%config(noreplace) /etc/kerrighed/*\n"));
  EXPECT_THAT(spec, HasSubstr("%post -n kerrighed-tools\n/sbin/ldconfig\n"));
  EXPECT_THAT(spec, HasSubstr("%files\n/usr/share/doc/kerrighed\n"));
  EXPECT_THAT(spec, HasSubstr("* Wed Nov 25 2026 B <b@example.org> - 3.0.0-1\n- First.\n"));
  EXPECT_THAT(spec, ::testing::Not(HasSubstr("%package -n kerrighed\n")));
}

TEST(SpecWriter, ChangelogDatesTheBuild) {
  EXPECT_EQ(changelog_epoch(sample()), 1795564800);  // 2026-11-25T00:00:00Z
}

}  // namespace
}  // namespace ssi::recipe
