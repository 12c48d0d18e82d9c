// The files maintainer scripts would have made, made from the templates the packages ship.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "image/base_files.hpp"
#include "image/debian_scripts.hpp"
#include "image/pam_profiles.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi::image {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string without_trailing_blanks(const std::string& text) {
  std::istringstream lines(text);
  std::string out;
  for (std::string line; std::getline(lines, line);) out += line.substr(0, line.find_last_not_of(" \t") + 1) + "\n";
  return out;
}

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

// This Debian machine's own /etc/pam.d/common-* were made by pam-auth-update from the same
// templates and profiles: the merge must agree with it, line for line.
TEST(PamProfiles, AgreesWithPamAuthUpdateOnThisMachine) {
  if (!fs::exists("/usr/share/pam/common-auth") || !fs::exists("/etc/pam.d/common-auth"))
    GTEST_SKIP() << "libpam-runtime is not installed here";
  const auto files = pam_common_files("/");
  ASSERT_EQ(files.size(), 5u);
  for (const auto& [name, text] : files) {
    auto expected = read_file(fs::path("/etc/pam.d") / name);
    ASSERT_TRUE(expected) << name;
    EXPECT_EQ(without_trailing_blanks(text), without_trailing_blanks(*expected)) << name;
  }
}

TEST(PamProfiles, PrimaryModulesJumpPastTheRestOfTheirBlock) {
  const fs::path root = fs::path(SSI_OSCAR_TEST_WORK) / "pam-two-primaries";
  fs::remove_all(root);
  write(root / "usr/share/pam/common-auth", "# head\n$auth_primary\nauth\trequisite\tpam_deny.so\n$auth_additional\n");
  write(root / "usr/share/pam-configs/unix",
        "Name: Unix\nDefault: yes\nPriority: 256\nAuth-Type: Primary\nAuth:\n\t[success=end default=ignore]\tpam_unix.so try_first_pass\n"
        "Auth-Initial:\n\t[success=end default=ignore]\tpam_unix.so\n");
  write(root / "usr/share/pam-configs/ldap",
        "Name: LDAP\nDefault: yes\nPriority: 128\nAuth-Type: Primary\nAuth:\n\t[success=end default=ignore]\tpam_ldap.so use_first_pass\n");
  write(root / "usr/share/pam-configs/off", "Name: Off\nDefault: no\nPriority: 512\nAuth-Type: Primary\nAuth:\n\trequired\tpam_off.so\n");
  const auto files = pam_common_files(root);
  EXPECT_EQ(files.at("common-auth"),
            "# head\nauth\t[success=2 default=ignore]\tpam_unix.so\nauth\t[success=1 default=ignore]\tpam_ldap.so use_first_pass\n"
            "auth\trequisite\tpam_deny.so\n");
}

class BaseFiles : public ::testing::Test {
 protected:
  // A folder per test: ctest runs this suite's tests side by side.
  fs::path root = test::scratch_dir();
  void SetUp() override {
    write(root / "usr/share/base-passwd/passwd.master", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
    write(root / "usr/share/base-passwd/group.master", "root:x:0:\nshadow:x:42:\n");
    write(root / "usr/share/libc-bin/nsswitch.conf", "passwd: files\n");
    write(root / "usr/sbin/pwconv", "");
    write(root / "etc/ssh/sshd_config", "# the image's own\n");
  }
};

TEST_F(BaseFiles, MakesWhatIsMissingFromThePackagesTemplates) {
  auto made = make_base_files(root, "node", 86400 * 20000);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(read_file(root / "etc/passwd").value(), read_file(root / "usr/share/base-passwd/passwd.master").value());
  EXPECT_EQ(read_file(root / "etc/nsswitch.conf").value(), "passwd: files\n");
  EXPECT_EQ(read_file(root / "etc/shadow").value(), "root:*:20000:0:99999:7:::\ndaemon:*:20000:0:99999:7:::\n");
  EXPECT_EQ(read_file(root / "etc/gshadow").value(), "root:*::\nshadow:*::\n");
  EXPECT_EQ(read_file(root / "etc/hostname").value(), "node\n");
  EXPECT_EQ(fs::status(root / "etc/shadow").permissions() & fs::perms::all, static_cast<fs::perms>(0640));
  std::string said;
  for (const auto& f : *made) said += f.path + " <- " + f.made_from + "\n";
  EXPECT_THAT(said, HasSubstr("/etc/passwd <- /usr/share/base-passwd/passwd.master (base-passwd)"));
  // The image's own file stays; a template the image lacks makes nothing.
  EXPECT_EQ(read_file(root / "etc/ssh/sshd_config").value(), "# the image's own\n");
  EXPECT_THAT(said, ::testing::Not(HasSubstr("sshd_config")));
  EXPECT_FALSE(fs::exists(root / "etc/pam.d"));
}

TEST_F(BaseFiles, WithoutPwconvThereIsNoShadowFile) {
  fs::remove(root / "usr/sbin/pwconv");
  ASSERT_TRUE(make_base_files(root, "node", 0));
  EXPECT_TRUE(fs::exists(root / "etc/passwd"));
  EXPECT_FALSE(fs::exists(root / "etc/shadow"));
}

}  // namespace
}  // namespace ssi::image

namespace ssi::image {
namespace {

class MaintainerScripts : public ::testing::Test {
 protected:
  fs::path root = test::scratch_dir();  // one per test, as above
  void SetUp() override {
    write(root / "usr/share/base-passwd/passwd.master", "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
    write(root / "usr/share/base-passwd/group.master", "root:x:0:\nnogroup:x:65534:\n");
    write(root / "usr/share/ssi-oscar/debian-scripts/openssh-server/postinst",
          "#!/bin/sh\nsetup() {\n\tif ! getent passwd sshd >/dev/null; then\n"
          "\t\tadduser --quiet --system --no-create-home --home /run/sshd --shell /usr/sbin/nologin sshd\n\tfi\n}\n");
    write(root / "usr/share/ssi-oscar/debian-scripts/openmpi-bin/postinst",
          "update-alternatives \\\n\t--install /usr/bin/mpirun mpirun /usr/bin/mpirun.openmpi 50 \\\n"
          "\t--slave /usr/bin/mpiexec mpiexec /usr/bin/mpiexec.openmpi\n");
    write(root / "usr/share/ssi-oscar/debian-scripts/mpich/postinst",
          "update-alternatives --install /usr/bin/mpirun mpirun /usr/bin/mpirun.mpich 70\n"
          "update-alternatives --install \"$BIN\"/x x /usr/bin/x 10\nadduser --system --group _rpc # and a comment\n");
    write(root / "usr/bin/mpirun.openmpi", "#!/bin/sh\n");
    write(root / "usr/bin/mpiexec.openmpi", "#!/bin/sh\n");
  }
};

TEST_F(MaintainerScripts, CommandsJoinContinuationLinesAndDropQuotesAndComments) {
  const auto commands = script_commands("a \\\n  b 'c d' \"e\" # f\ng; h\n");
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(commands[0], (std::vector<std::string>{"a", "b", "c d", "e"}));
  EXPECT_EQ(commands[2], std::vector<std::string>{"h"});
}

TEST_F(MaintainerScripts, AccountsAndAlternativesAreMadeAsTheScriptsDeclareThem) {
  auto made = make_base_files(root, "node", 0);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(read_file(root / "etc/passwd").value(),
            "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
            "_rpc:x:100:100::/nonexistent:/usr/sbin/nologin\nsshd:x:101:65534::/run/sshd:/usr/sbin/nologin\n");
  EXPECT_EQ(read_file(root / "etc/group").value(), "root:x:0:\nnogroup:x:65534:\n_rpc:x:100:\n");
  // mpich's higher priority does not count: the image has no mpirun.mpich.
  EXPECT_EQ(fs::read_symlink(root / "usr/bin/mpirun"), "/etc/alternatives/mpirun");
  EXPECT_EQ(fs::read_symlink(root / "etc/alternatives/mpirun"), "/usr/bin/mpirun.openmpi");
  EXPECT_EQ(fs::read_symlink(root / "etc/alternatives/mpiexec"), "/usr/bin/mpiexec.openmpi");
  EXPECT_FALSE(fs::exists(fs::symlink_status(root / "usr/bin/x")));  // "$BIN"/x is not literal
  std::string said;
  for (const auto& f : *made) said += f.path + " <- " + f.made_from + "\n";
  EXPECT_THAT(said, HasSubstr("account sshd <- openssh-server's postinst (adduser --system)"));
  EXPECT_THAT(said, HasSubstr("/usr/bin/mpirun <- /usr/bin/mpirun.openmpi (openmpi-bin's postinst: update-alternatives, priority 50)"));
}

// Debian 13's packages declare their users in sysusers.d instead of calling adduser.
TEST_F(MaintainerScripts, SysusersDeclarationsMakeAccountsToo) {
  fs::remove(root / "usr/share/ssi-oscar/debian-scripts/openssh-server/postinst");
  write(root / "usr/lib/sysusers.d/openssh-server.conf", "# comment\nu sshd -:nogroup \"sshd user\" /run/sshd\n");
  write(root / "usr/lib/sysusers.d/polkit.conf", "u polkitd - \"User for polkitd\" - -\ng other -\n");
  auto made = make_base_files(root, "node", 0);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(read_file(root / "etc/passwd").value(),
            "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
            "_rpc:x:100:100::/nonexistent:/usr/sbin/nologin\nsshd:x:101:65534::/run/sshd:/usr/sbin/nologin\n"
            "polkitd:x:102:101::/nonexistent:/usr/sbin/nologin\n");
  std::string said;
  for (const auto& f : *made) said += f.path + " <- " + f.made_from + "\n";
  EXPECT_THAT(said, HasSubstr("account sshd <- openssh-server's sysusers.d/openssh-server.conf"));
}

}  // namespace
}  // namespace ssi::image
