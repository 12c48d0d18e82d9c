// The checks an archive's members pass before extraction, and paths resolved inside a root.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/archive_safety.hpp"
#include "util/fs.hpp"
#include "util/root_path.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Kind = ArchiveMember::Kind;

TEST(ArchiveSafety, AnOrdinaryPackageTreePasses) {
  EXPECT_THAT(unsafe_members({{"./", Kind::dir, ""},
                              {"./usr/bin/tool", Kind::file, ""},
                              {"./usr/bin/alias", Kind::hardlink, "./usr/bin/tool"},
                              {"./usr/lib/x", Kind::symlink, "../../etc/x"},
                              {"./usr/sbin/tool", Kind::symlink, "/usr/bin/tool"},
                              {"./lib", Kind::symlink, "usr/lib"}}),
              IsEmpty());
}

TEST(ArchiveSafety, EveryWayOutIsNamedOnItsOwnLine) {
  const std::string long_part(300, 'n');
  EXPECT_THAT(unsafe_members({{"./../escape", Kind::file, ""},
                              {"/etc/escape", Kind::file, ""},
                              {"./ok/../../escape", Kind::file, ""},
                              {"./out", Kind::symlink, "/tmp"},
                              {"./out/escape", Kind::file, ""},
                              {"./dev/null", Kind::device, ""},
                              {"./" + long_part, Kind::file, ""},
                              {"./link", Kind::hardlink, "../../etc/shadow"},
                              {"./later", Kind::hardlink, "./not-yet"},
                              {"./not-yet", Kind::file, ""}}),
              ElementsAre("./../escape: a '..' component", "/etc/escape: an absolute name",
                          "./ok/../../escape: a '..' component",
                          "./out/escape: written through the symlink /out of the same archive",
                          "./dev/null: a device node or other special file",
                          "./" + long_part + ": a component of 300 bytes (Linux allows 255)",
                          "./link: a hard link whose target has a '..' component",
                          "./later: a hard link to ./not-yet, which is not an earlier file of the archive"));
}

TEST(ArchiveSafety, PackageFileNamesMustBeRootedAndStayBelowTheRoot) {
  EXPECT_EQ(unsafe_name("/usr/bin/x", Rooted::yes), "");
  EXPECT_EQ(unsafe_name("usr/bin/x", Rooted::yes), "a relative name");
  EXPECT_EQ(unsafe_name("/usr/../../etc/x", Rooted::yes), "a '..' component");
  EXPECT_EQ(unsafe_name("/" + std::string(4100, 'x'), Rooted::yes), "a name of 4101 bytes (Linux allows 4095)");
}

class InRoot : public ::testing::Test {
 protected:
  TempDir dir;
  fs::path root = dir.path() / "root";
  void SetUp() override {
    fs::create_directories(root / "usr/lib");
    fs::create_directories(dir.path() / "host-etc");
    fs::create_symlink(dir.path() / "host-etc", root / "etc");  // absolute: out of the root on the host
    fs::create_symlink("../../../../../..", root / "usr/up");  // climbs past the root
    fs::create_symlink("usr/lib", root / "lib");
    fs::create_symlink("loop", root / "loop");
  }
};

TEST_F(InRoot, AbsoluteLinksStartAgainAtTheRoot) {
  // A chrooted process opening /etc/passwd follows etc -> HOST/host-etc inside the root.
  EXPECT_EQ(in_root(root, "/etc/passwd"), root / fs::path(dir.path() / "host-etc").relative_path() / "passwd");
}

TEST_F(InRoot, DotDotStopsAtTheRootAndRelativeLinksResolve) {
  EXPECT_EQ(in_root(root, "usr/up/etc2/x"), root / "etc2/x");
  EXPECT_EQ(in_root(root, "/../../x"), root / "x");
  EXPECT_EQ(in_root(root, "/lib/modules/6.1"), root / "usr/lib/modules/6.1");
}

TEST_F(InRoot, TheLinkItselfCanBeKeptAndLoopsStayInside) {
  EXPECT_EQ(in_root(root, "/lib", FinalLink::keep), root / "lib");
  EXPECT_EQ(in_root(root, "/etc/mtab", FinalLink::keep).parent_path(),
            root / fs::path(dir.path() / "host-etc").relative_path());
  const fs::path looped = in_root(root, "/loop/x");
  EXPECT_EQ(looped.string().rfind(root.string(), 0), 0u) << looped;
}

}  // namespace
}  // namespace ssi
