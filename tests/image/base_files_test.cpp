// The files maintainer scripts would have made, made from the templates the packages ship.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "image/base_files.hpp"
#include "image/pam_profiles.hpp"
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
  fs::path root = fs::path(SSI_OSCAR_TEST_WORK) / "base-files";
  void SetUp() override {
    fs::remove_all(root);
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
