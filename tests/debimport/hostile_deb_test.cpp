// Hostile .debs through `import deb`: every member that could land outside the root is named on
// one line with its package, nothing is converted, and nothing appears anywhere on the machine.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "support/debian_packages.hpp"
#include "support/process.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using test::quote;
using Kind = test::RawMember::Kind;

// Every path on the machine whose name holds `marker` (the kernel's own trees left out). find's
// complaints about folders other tests remove while it walks are not findings: the subshell
// keeps them out of the output.
std::vector<std::string> found_everywhere(const std::string& marker) {
  const auto r = test::run("(find / \\( -path /proc -o -path /sys -o -path /dev -o -path /run \\) -prune -o -name " +
                           quote("*" + marker + "*") + " -print 2>/dev/null)");
  std::vector<std::string> found;
  std::istringstream lines(r.output);
  for (std::string line; std::getline(lines, line);) found.push_back(line);
  return found;
}

TEST(HostileDeb, EveryWayOutIsRefusedByNameAndNothingIsWritten) {
  const fs::path work = test::scratch_dir();
  const std::string marker = "ssi-escape-" + std::to_string(::getpid());
  const fs::path host_dir = fs::temp_directory_path() / (marker + "-dir");  // where a followed symlink would write
  fs::create_directories(host_dir);
  const std::string control = "Package: hostile\nVersion: 1.0-1\nArchitecture: all\nMaintainer: T <t@example.org>\n"
                              "Description: hostile package\n";
  const fs::path deb = test::write_raw_deb(
      work, "hostile", control,
      {{"./usr/", Kind::dir, "", 0755},
       {"./usr/share/ok", Kind::file, "fine\n"},
       {"./../../../../../../tmp/" + marker + "-dotdot", Kind::file, "x\n"},
       {"/tmp/" + marker + "-absolute", Kind::file, "x\n"},
       {"./out", Kind::symlink, host_dir.string()},
       {"./out/" + marker + "-through-link", Kind::file, "x\n"},
       {"./dev/" + marker + "-null", Kind::char_device, ""},
       {"./usr/share/" + std::string(300, 'n'), Kind::file, "x\n"},
       {"./usr/share/hard", Kind::hardlink, "../../../../../etc/shadow"}});
  const auto r = test::run_cli("import deb --repo " + quote((work / "repo").string()) + " " + quote(deb.string()));
  EXPECT_EQ(r.status, 2) << r.output;
  const std::string prefix = deb.string() + ": package hostile: data.tar: ";
  for (const std::string& line :
       {prefix + "./../../../../../../tmp/" + marker + "-dotdot: a '..' component",
        prefix + "/tmp/" + marker + "-absolute: an absolute name",
        prefix + "./out/" + marker + "-through-link: written through the symlink /out of the same archive",
        prefix + "./dev/" + marker + "-null: a device node or other special file",
        prefix + "./usr/share/" + std::string(300, 'n') + ": a component of 300 bytes (Linux allows 255)",
        prefix + "./usr/share/hard: a hard link whose target has a '..' component"})
    EXPECT_THAT(r.output, HasSubstr(line + "\n"));
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 6) << r.output;  // those lines and nothing else
  EXPECT_FALSE(fs::exists(work / "repo" / "hostile-1.0-1.noarch.rpm"));
  EXPECT_TRUE(fs::is_empty(host_dir));
  std::vector<std::string> outside;
  for (const auto& path : found_everywhere(marker))
    if (path != host_dir.string()) outside.push_back(path);
  EXPECT_TRUE(outside.empty()) << outside.front();
  fs::remove_all(host_dir);
}

TEST(HostileDeb, APackageNameThatIsAPathIsRefusedAndNothingIsWritten) {
  const fs::path work = test::scratch_dir();
  const fs::path deb = test::write_raw_deb(work, "climber",
                                           "Package: ../../climber\nVersion: 1.0-1\nArchitecture: all\n"
                                           "Maintainer: T <t@example.org>\nDescription: a name that climbs\n",
                                           {{"./usr/share/ok", Kind::file, "fine\n"}});
  const auto r = test::run_cli("import deb --repo " + quote((work / "repo").string()) + " " + quote(deb.string()));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(r.output, "ssi-oscar: error: " + deb.string() + ": control: control field Package: \"../../climber\" is not a Debian "
                      "package name (a-z, 0-9, '+', '-', '.'; two or more, starting alphanumeric)\n");
  EXPECT_FALSE(fs::exists(work / "repo"));
  EXPECT_FALSE(fs::exists("/var/climber"));  // the build tree WORK/../../climber would have been
}

TEST(HostileDeb, SetIdFilesAreKeptWithTheirModes) {
  const fs::path work = test::scratch_dir();
  const std::string control = "Package: setid\nVersion: 1.0-1\nArchitecture: all\nMaintainer: T <t@example.org>\n"
                              "Description: set-ID tools\n";
  const fs::path deb = test::write_raw_deb(work, "setid", control,
                                           {{"./usr/", Kind::dir, "", 0755},
                                            {"./usr/bin/", Kind::dir, "", 0755},
                                            {"./usr/bin/su-like", Kind::file, "#!/bin/sh\n", 04755},
                                            {"./usr/bin/wall-like", Kind::file, "#!/bin/sh\n", 02755}});
  const auto r = test::run_cli("import deb --repo " + quote((work / "repo").string()) + " " + quote(deb.string()));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto listed = test::run("rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\\n]' " +
                                quote((work / "repo" / "setid-1.0-1.noarch.rpm").string()));
  EXPECT_THAT(listed.output, HasSubstr("-rwsr-xr-x /usr/bin/su-like"));
  EXPECT_THAT(listed.output, HasSubstr("-rwxr-sr-x /usr/bin/wall-like"));
}

}  // namespace
}  // namespace ssi
