// End to end: real Debian packages (fetched by the test set-up) become RPMs that rpm accepts,
// with the relations translated, and install into a root file for file as dpkg-deb unpacks them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "debimport/deb_importer.hpp"
#include "rpm/root_installer.hpp"
#include "support/debian_packages.hpp"
#include "support/process.hpp"
#include "util/fs.hpp"

namespace ssi::debimport {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using test::quote;

// less: versioned Depends; tzdata: Architecture all and an alternative; base-files: conffiles;
// sensible-utils: all, no dependencies; hostname: Pre-Depends-free ELF program.
const std::vector<std::string> kPackages = {"less", "tzdata", "base-files", "sensible-utils", "hostname"};

class DebImport : public ::testing::Test {
 protected:
  TempDir dir;
  std::vector<fs::path> debs;
  ImportOptions options;

  void SetUp() override {
    std::string why;
    auto fetched = test::fetch_debs(kPackages, why);
    if (!fetched) GTEST_SKIP() << why;
    debs = *fetched;
    options.repo = dir.path() / "repo";
    options.work = dir.path() / "work";
  }
  std::string rpm_of(const std::string& name) {
    for (const auto& e : fs::directory_iterator(options.repo))
      if (e.path().filename().string().starts_with(name + "-") && e.path().extension() == ".rpm") return e.path().string();
    return "";
  }
};

TEST_F(DebImport, ConvertsRelationsArchitecturesAndConffiles) {
  auto imported = import_debs(debs, options);
  ASSERT_TRUE(imported) << imported.error().message;
  ASSERT_EQ(imported->size(), kPackages.size());
  const auto check = test::run("rpm -K " + quote(options.repo.string()) + "/*.rpm");
  EXPECT_EQ(check.status, 0) << check.output;
  EXPECT_THAT(test::run("rpm -qpR " + quote(rpm_of("less"))).output,
              AllOf(HasSubstr("libc6 >= "), HasSubstr("libtinfo6 >= "), Not(HasSubstr("libc.so.6()"))));
  EXPECT_THAT(test::run("rpm -qpR " + quote(rpm_of("tzdata"))).output, HasSubstr("(debconf >= 0.5 or debconf-2.0)"));
  EXPECT_THAT(rpm_of("tzdata"), HasSubstr(".noarch.rpm"));
  EXPECT_THAT(rpm_of("less"), HasSubstr(".x86_64.rpm"));
  EXPECT_THAT(test::run("rpm -qpc " + quote(rpm_of("base-files"))).output, AllOf(HasSubstr("/etc/issue\n"), HasSubstr("/etc/host.conf\n")));
  // Maintainer scripts travel as data.
  EXPECT_THAT(test::run("rpm -qpl " + quote(rpm_of("tzdata"))).output, HasSubstr("/usr/share/ssi-oscar/debian-scripts/tzdata/postinst"));
  EXPECT_THAT(test::run("rpm -qp --scripts " + quote(rpm_of("tzdata"))).output, Not(HasSubstr("postinstall scriptlet")));
}

TEST_F(DebImport, InstalledRootMatchesDpkgDebFileForFile) {
  ASSERT_TRUE(import_debs(debs, options));
  std::vector<fs::path> rpms;
  for (const auto& e : fs::directory_iterator(options.repo))
    if (e.path().extension() == ".rpm") rpms.push_back(e.path());
  // The groups base-passwd's maintainer script would create: rpm drops set-group-id bits of
  // files whose group it cannot find in the root.
  fs::create_directories(dir.path() / "root/etc");
  ASSERT_TRUE(write_file_atomic(dir.path() / "root/etc/group", "root:x:0:\nstaff:x:50:\n"));
  ASSERT_TRUE(write_file_atomic(dir.path() / "root/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"));
  auto installed = rpm::install_into_root(dir.path() / "root", rpms, rpm::Scriptlets::skip, 1700000000);
  ASSERT_TRUE(installed) << installed.error().message;
  const fs::path expected = dir.path() / "dpkg";
  for (const auto& deb : debs) ASSERT_EQ(test::run("dpkg-deb -x " + quote(deb.string()) + " " + quote(expected.string())).status, 0);
  // Same names, types, modes, link targets and contents; only rpm's database and the kept scripts are extra.
  const auto diff = test::run("cd " + quote(dir.path().string()) +
                              " && diff -r --no-dereference -x rpm -x ssi-oscar -x group -x passwd root dpkg && "
                              "(cd root && find . -path ./var/lib/rpm -prune -o -path ./usr/share/ssi-oscar -prune -o -path ./etc/group -prune "
                              "-o -path ./etc/passwd -prune -o -printf '%p %M %l\\n' | sort) > a && "
                              "(cd dpkg && find . -printf '%p %M %l\\n' | sort) > b && diff a b");
  EXPECT_EQ(diff.status, 0) << diff.output;
}

TEST_F(DebImport, SecondRunConvertsNothing) {
  ASSERT_TRUE(import_debs(debs, options));
  auto again = import_debs(debs, options);
  ASSERT_TRUE(again) << again.error().message;
  for (const auto& p : *again) EXPECT_TRUE(p.up_to_date) << p.name;
}

TEST(DebImportErrors, CorruptPackagesAreNamedAndNothingReachesTheRepository) {
  TempDir dir;
  const fs::path good = test::make_deb(dir.path(), "good", "Package: good\nVersion: 1.0-1\nArchitecture: all\n"
                                                           "Maintainer: T <t@example.org>\nDescription: good\n",
                                       {{"/usr/share/good/file", "x\n"}});
  ASSERT_TRUE(write_file_atomic(dir.path() / "text.deb", "this is not a package\n"));
  const std::string bytes = read_file(good).value();
  ASSERT_TRUE(write_file_atomic(dir.path() / "truncated.deb", bytes.substr(0, bytes.size() / 2)));
  ImportOptions options;
  options.repo = dir.path() / "repo";
  options.work = dir.path() / "work";
  auto imported = import_debs({good, dir.path() / "text.deb", dir.path() / "truncated.deb"}, options);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().code, ExitCode::bad_input);
  EXPECT_THAT(imported.error().message, AllOf(HasSubstr("text.deb: not a Debian package"), HasSubstr("truncated.deb: ")));
  EXPECT_FALSE(fs::exists(options.repo / "good-1.0-1.noarch.rpm"));
  const auto cli = test::run_cli("import deb " + quote((dir.path() / "text.deb").string()) + " --repo " + quote(options.repo.string()));
  EXPECT_EQ(cli.status, 2) << cli.output;
}

TEST(DebImportReplaces, DeclaredFileTakeoversInstall) {
  TempDir dir;
  const auto old_tool = test::make_deb(dir.path(), "old-tool", "Package: old-tool\nVersion: 1.0-1\nArchitecture: all\n"
                                                               "Maintainer: T <t@example.org>\nDescription: old\n",
                                       {{"/usr/bin/tool", "old\n"}, {"/usr/share/doc/old-tool/README", "old\n"}});
  const auto new_tool = test::make_deb(dir.path(), "new-tool", "Package: new-tool\nVersion: 2.0-1\nArchitecture: all\n"
                                                               "Maintainer: T <t@example.org>\nDepends: old-tool\n"
                                                               "Replaces: old-tool (<< 2)\nDescription: new\n",
                                       {{"/usr/bin/tool", "new\n"}});
  const auto clash = test::make_deb(dir.path(), "clash", "Package: clash\nVersion: 1.0-1\nArchitecture: all\n"
                                                         "Maintainer: T <t@example.org>\nDescription: clash\n",
                                    {{"/usr/bin/tool", "clash\n"}});
  ImportOptions options;
  options.repo = dir.path() / "repo";
  options.work = dir.path() / "work";
  ASSERT_TRUE(import_debs({old_tool, new_tool, clash}, options));
  const fs::path repo = options.repo;
  auto taken_over = rpm::install_into_root(dir.path() / "root", {repo / "old-tool-1.0-1.noarch.rpm", repo / "new-tool-2.0-1.noarch.rpm"},
                                           rpm::Scriptlets::skip, 1700000000);
  ASSERT_TRUE(taken_over) << taken_over.error().message;
  EXPECT_EQ(read_file(dir.path() / "root/usr/bin/tool").value(), "new\n");
  // Without a Replaces, the same clash is a file conflict.
  auto refused = rpm::install_into_root(dir.path() / "root2", {repo / "old-tool-1.0-1.noarch.rpm", repo / "clash-1.0-1.noarch.rpm"},
                                        rpm::Scriptlets::skip, 1700000000);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message, HasSubstr("/usr/bin/tool conflicts between attempted installs"));
}

// Debian 13's base-files makes /bin and /lib links into /usr; a Debian 12 package shipping files
// there installs beside it once imported for a merged-/usr target, and its programs keep their
// /bin paths as provides (rpm's scriptlet dependencies name /bin/sh).
TEST(DebImportMergedUsr, AnOlderPackagesBinAndLibMoveUnderUsr) {
  TempDir dir;
  const auto links = test::write_raw_deb(dir.path(), "new-base", "Package: new-base\nVersion: 13-1\nArchitecture: all\n"
                                                                  "Maintainer: T <t@example.org>\nDescription: links\n",
                                         {{"./bin", test::RawMember::Kind::symlink, "usr/bin"},
                                          {"./lib", test::RawMember::Kind::symlink, "usr/lib"},
                                          {"./usr/", test::RawMember::Kind::dir, "", 0755},
                                          {"./usr/bin/", test::RawMember::Kind::dir, "", 0755},
                                          {"./usr/lib/", test::RawMember::Kind::dir, "", 0755},
                                          {"./usr/bin/sh", test::RawMember::Kind::file, "#!shell\n", 0755}});
  const auto old = test::make_deb(dir.path(), "old-tool", "Package: old-tool\nVersion: 1.0-1\nArchitecture: all\n"
                                                          "Maintainer: T <t@example.org>\nDescription: old\n",
                                  {{"/bin/oldtool", "tool\n"}, {"/lib/libold.so.1", "lib\n"}});
  ImportOptions options;
  options.repo = dir.path() / "repo";
  options.work = dir.path() / "work";
  options.merged_usr = true;
  ASSERT_TRUE(import_debs({links, old}, options));
  const fs::path rpm = options.repo / "old-tool-1.0-1.noarch.rpm";
  const auto files = test::run("rpm -qpl " + quote(rpm.string()));
  EXPECT_THAT(files.output, AllOf(HasSubstr("/usr/bin/oldtool"), HasSubstr("/usr/lib/libold.so.1"), Not(HasSubstr("\n/bin/"))));
  EXPECT_THAT(test::run("rpm -qp --provides " + quote((options.repo / "new-base-13-1.noarch.rpm").string())).output,
              HasSubstr("/bin/sh"));
  auto installed = rpm::install_into_root(dir.path() / "root", {options.repo / "new-base-13-1.noarch.rpm", rpm},
                                          rpm::Scriptlets::skip, 1700000000);
  ASSERT_TRUE(installed) << installed.error().message;
  EXPECT_EQ(read_file(dir.path() / "root/bin/oldtool").value(), "tool\n");
  EXPECT_TRUE(fs::is_symlink(dir.path() / "root/lib"));
}

// Shared objects named like one provide their soname (or, without one, their file name); a program
// only its /bin path. rpm's full scan also reads a shared object named otherwise and gives it its
// soname (a plugin.bin built as libplugin.so.1); the import lets rpm read only the ELF files named
// like shared objects, so that one provides nothing (no Debian library is installed so).
TEST(DebImportProvides, OnlySharedObjectsNamedLikeOneProvide) {
  TempDir dir;
  const auto built = test::run("cd " + quote(dir.path().string()) +
                               " && echo 'int f(void) { return 1; }' > f.c"
                               " && cc -shared -fPIC -Wl,-soname,libdemo.so.1 -o libdemo f.c"
                               " && cc -shared -fPIC -o unnamed f.c"
                               " && cc -shared -fPIC -Wl,-soname,libplugin.so.1 -o plugin f.c"
                               " && echo 'int main(void) { return 0; }' | cc -x c -o demo - 2>&1");
  ASSERT_EQ(built.status, 0) << built.output;
  const std::string library = read_file(dir.path() / "libdemo").value(), unnamed = read_file(dir.path() / "unnamed").value();
  const auto deb = test::make_deb(dir.path(), "demo", "Package: demo\nVersion: 1.0-1\nArchitecture: amd64\n"
                                                      "Maintainer: T <t@example.org>\nDescription: demo\n",
                                  {{"/usr/lib/x86_64-linux-gnu/libdemo.so.1.0.0", library},
                                   {"/usr/lib/demo/libplain.so", unnamed},
                                   {"/usr/lib/demo/plugin.bin", read_file(dir.path() / "plugin").value()},
                                   {"/usr/bin/demo", read_file(dir.path() / "demo").value()}});
  ImportOptions options;
  options.repo = dir.path() / "repo";
  options.work = dir.path() / "work";
  auto imported = import_debs({deb}, options);
  ASSERT_TRUE(imported) << imported.error().message;
  const auto provides = test::run("rpm -qp --provides " + quote((options.repo / "demo-1.0-1.x86_64.rpm").string()));
  EXPECT_EQ(provides.output, "/bin/demo\ndemo = 1.0-1\ndemo(x86-64) = 1.0-1\nlibdemo.so.1()(64bit)\nlibplain.so()(64bit)\n");
}

}  // namespace
}  // namespace ssi::debimport
