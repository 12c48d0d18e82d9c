// Debian versions, relations and architectures as RPM sees them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rpm/rpmver.h>

#include "debimport/deb_control.hpp"

namespace ssi::debimport {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(DebVersion, EpochUpstreamAndRevisionMapToEpochVersionRelease) {
  const auto v = rpm_version("1:2.36-9+deb12u4").value();
  EXPECT_EQ(v.epoch, 1);
  EXPECT_EQ(v.version, "2.36");
  EXPECT_EQ(v.release, "9+deb12u4");
  EXPECT_EQ(rpm_version("590-2.1~deb12u2").value().evr(), "590-2.1~deb12u2");
  EXPECT_EQ(rpm_version("1.2-3-4").value().evr(), "1.2_3-4");  // '-' inside upstream
  EXPECT_EQ(rpm_version("0.0.17+nmu1").value().evr(), "0.0.17+nmu1-0");  // native: no revision
  EXPECT_FALSE(rpm_version("not a version"));
}

// dpkg's order survives the mapping: rpm's comparison of the mapped versions agrees.
TEST(DebVersion, OrderingIsPreserved) {
  const std::vector<std::pair<std::string, std::string>> older_newer = {
      {"1.0-1", "1.0-2"}, {"1.0~rc1-1", "1.0-1"}, {"1.0", "1.0-1"}, {"2.0-1", "1:1.0-1"}, {"1.0-1", "1.0+deb12u1-1"},
      {"590-2.1", "590-2.1+b1"}, {"590-2.1~deb12u1", "590-2.1"}};
  for (const auto& [older, newer] : older_newer) {
    const std::string a = rpm_version(older).value().evr(), b = rpm_version(newer).value().evr();
    rpmver va = rpmverParse(a.c_str()), vb = rpmverParse(b.c_str());
    EXPECT_LT(rpmverCmp(va, vb), 0) << older << " < " << newer << " became " << a << " vs " << b;
    rpmverFree(va);
    rpmverFree(vb);
  }
}

TEST(DebRelations, AlternativesVersionsAndQualifiers) {
  EXPECT_THAT(rpm_relations("libc6 (>= 2.34), libtinfo6 (>= 6)", "t").value(), ElementsAre("libc6 >= 2.34", "libtinfo6 >= 6"));
  EXPECT_THAT(rpm_relations("debconf (>= 0.5) | debconf-2.0", "t").value(), ElementsAre("(debconf >= 0.5 or debconf-2.0)"));
  EXPECT_THAT(rpm_relations("python3:any (<< 3.12), perl:any", "t").value(), ElementsAre("python3 < 3.12", "perl"));
  EXPECT_THAT(rpm_relations("foo (>> 1:2.0-1) [amd64], bar (= 1.0)", "t").value(), ElementsAre("foo > 1:2.0-1", "bar = 1.0"));
  EXPECT_THAT(rpm_relations("a,\n b", "t").value(), ElementsAre("a", "b"));
  // dpkg: 2.36-9 >> 2.36 (the empty revision is older); rpm would ignore the release without "-0".
  EXPECT_THAT(rpm_relations("libc6 (>> 2.36), libc6 (<= 2.37), libc6 (>= 2.36)", "t").value(),
              ElementsAre("libc6 > 2.36-0", "libc6 <= 2.37-0", "libc6 >= 2.36"));
  auto bad = rpm_relations("libc6 (~> 2)", "pkg.deb: Depends");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("pkg.deb: Depends: \"libc6 (~> 2)\" is not a Debian relation"));
}

TEST(DebControl, FieldsContinuationLinesAndArchitectures) {
  const auto f = parse_control("Package: less\nVersion: 590-2\nArchitecture: amd64\nDescription: pager\n more text\n .\n end\n", "c")
                     .value();
  EXPECT_EQ(f.at("Description"), "pager\nmore text\n.\nend");
  EXPECT_FALSE(parse_control("Version: 1\nArchitecture: all\n", "c"));
  EXPECT_EQ(rpm_arch("all"), "noarch");
  EXPECT_EQ(rpm_arch("amd64"), "x86_64");
}

TEST(DebControl, OnlyDebianPackageNamesAreTaken) {
  for (const std::string name : {"less", "0ad", "libstdc++6", "g++-14", "python3.11"})
    EXPECT_TRUE(parse_control("Package: " + name + "\nVersion: 1\nArchitecture: all\n", "c")) << name;
  for (const std::string name : {"../../x", "deb_import-0", "Less", "a", "-x", "a/b"}) {
    const auto parsed = parse_control("Package: " + name + "\nVersion: 1\nArchitecture: all\n", "c");
    ASSERT_FALSE(parsed) << name;
    EXPECT_EQ(parsed.error().message, "c: control field Package: \"" + name +
                                          "\" is not a Debian package name (a-z, 0-9, '+', '-', '.'; two or more, starting alphanumeric)");
  }
}

}  // namespace
}  // namespace ssi::debimport
