// OpenPGP signatures: `build --sign-key` signs what it builds (rpm -K agrees with the public key
// imported), and `image build` with keys configured takes only packages signed by one of them,
// naming every other one (exit 2). Keys are made here with gpg --batch.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rpm/signature.hpp"
#include "support/gpg_home.hpp"
#include "support/process.hpp"
#include "support/recipe_dir.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using test::quote;

class Signatures : public ::testing::Test {
 protected:
  fs::path work = test::scratch_dir();
  test::GpgHome gpg;
  fs::path trusted = gpg.make_key("Release Engineer <release@example.org>", work);
  fs::path stranger = gpg.make_key("Somebody Else <else@example.org>", work);

  // A package of one data file: nothing to resolve in an image but itself.
  std::string recipe(const std::string& name) {
    const std::string toml = "[package]\nname = \"" + name + "\"\nversion = \"1.0\"\nsummary = \"" + name +
                             "\"\nlicense = \"MIT\"\n\n[build]\ninstall = \"install -D -m 0644 %{_sourcedir}/data $DESTDIR/usr/share/" +
                             name + "/data\"\n\n[[subpackage]]\nname = \"" + name + "\"\nsummary = \"data\"\nfiles = [\"/usr/share/" +
                             name + "/data\"]\n\n[[changelog]]\ndate = \"2026-11-20\"\nauthor = \"T <t@example.org>\"\n" +
                             "version = \"1.0-1\"\ntext = \"- First.\"\n";
    return quote(test::write_recipe(work / name, toml, {{"data", name + "\n"}}).string());
  }
  test::RunResult build(const std::string& name, const std::string& repo, const std::string& key) {
    return test::run(gpg.env() + quote(SSI_OSCAR_BINARY) + " build --repo " + quote((work / repo).string()) +
                     (key.empty() ? "" : " --sign-key " + quote(key)) + " " + recipe(name));
  }
  fs::path image(const std::string& name, const std::string& repo, const std::string& packages) {
    const fs::path file = work / (name + ".toml");
    EXPECT_TRUE(write_file_atomic(file, "[image]\nname = \"" + name + "\"\nrepos = [\"" + repo + "\"]\npackages = [" +
                                            packages + "]\nformats = [\"dir\"]\ngpg_keys = [\"release.asc\"]\n"));
    return file;
  }
};

TEST_F(Signatures, BuiltPackagesAreSignedAndRpmAgrees) {
  const auto built = build("signedtool", "signed", "release@example.org");
  ASSERT_EQ(built.status, 0) << built.output;
  const fs::path db = work / "rpmdb";
  fs::create_directories(db);
  ASSERT_EQ(test::run("rpm --dbpath " + quote(db.string()) + " --import " + quote(trusted.string())).status, 0);
  for (const std::string rpm : {"signedtool-1.0-1.x86_64.rpm", "SRPMS/signedtool-1.0-1.src.rpm"}) {
    const auto checked = test::run("rpm --dbpath " + quote(db.string()) + " -K " + quote((work / "signed" / rpm).string()));
    EXPECT_EQ(checked.status, 0) << checked.output;
    EXPECT_THAT(checked.output, HasSubstr("digests signatures OK")) << rpm;
  }
  // The library's own check agrees: signed by the trusted key, and not by the stranger's.
  const auto keys = rpm::TrustedKeys::load({trusted});
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->problem(work / "signed/signedtool-1.0-1.x86_64.rpm"), "");
  const auto others = rpm::TrustedKeys::load({stranger});
  EXPECT_THAT(others->problem(work / "signed/signedtool-1.0-1.x86_64.rpm"), HasSubstr("NOKEY"));
}

TEST_F(Signatures, AnImageWithKeysTakesOnlyPackagesSignedByThem) {
  ASSERT_EQ(build("signedtool", "signed", "release@example.org").status, 0);
  ASSERT_EQ(build("plaintool", "plain", "").status, 0);
  ASSERT_EQ(build("othertool", "other", "else@example.org").status, 0);

  const auto good = test::run_cli("image build " + quote(image("good", "signed", "\"signedtool\"").string()) + " --out " +
                                  quote((work / "good").string()));
  ASSERT_EQ(good.status, 0) << good.output;
  EXPECT_TRUE(fs::exists(work / "good/root/usr/share/signedtool/data"));

  const auto bad = test::run_cli("image build " +
                                 quote(image("bad", "signed\", \"plain\", \"other", "\"signedtool\", \"plaintool\", \"othertool\"").string()) +
                                 " --out " + quote((work / "bad").string()));
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_THAT(bad.output, AllOf(HasSubstr("package plaintool-1.0-1.x86_64: signature: not signed"),
                                HasSubstr("package othertool-1.0-1.x86_64: signature: "), HasSubstr("NOKEY")));
  EXPECT_THAT(bad.output, ::testing::Not(HasSubstr("package signedtool")));
  EXPECT_FALSE(fs::exists(work / "bad"));

  // The same packages without keys configured: unsigned repositories keep working.
  const fs::path open = work / "open.toml";
  ASSERT_TRUE(write_file_atomic(open, "[image]\nname = \"open\"\nrepos = [\"plain\"]\npackages = [\"plaintool\"]\nformats = [\"dir\"]\n"));
  EXPECT_EQ(test::run_cli("image build " + quote(open.string()) + " --out " + quote((work / "open").string())).status, 0);
  // --gpg-key adds a key on the command line.
  const auto cli_key = test::run_cli("image build " + quote(open.string()) + " --gpg-key " + quote(trusted.string()) +
                                     " --out " + quote((work / "open2").string()));
  EXPECT_EQ(cli_key.status, 2) << cli_key.output;
  EXPECT_THAT(cli_key.output, HasSubstr("plaintool-1.0-1.x86_64: signature: not signed"));
}

TEST_F(Signatures, ARepositoryIndexedWithKeysHoldsOnlyTrustedPackages) {
  ASSERT_EQ(build("signedtool", "repo", "release@example.org").status, 0);
  ASSERT_EQ(build("plaintool", "repo", "").status, 0);
  const std::string repo = quote((work / "repo").string());
  const auto indexed = test::run_cli("repo index " + repo + " --gpg-key " + quote(trusted.string()));
  EXPECT_EQ(indexed.status, 2) << indexed.output;
  EXPECT_THAT(indexed.output, HasSubstr("plaintool-1.0-1.x86_64.rpm: signature: not signed"));
  EXPECT_THAT(indexed.output, ::testing::Not(HasSubstr("signedtool-1.0-1.x86_64.rpm")));
  auto listed = test::run_cli("repo query " + repo + " --list").output;  // warnings name the refused ones
  EXPECT_THAT(listed, HasSubstr("\nsignedtool-1.0-1.x86_64"));
  EXPECT_THAT(listed, ::testing::Not(HasSubstr("\nplaintool-1.0-1.x86_64")));
  // Without keys the repository is open again.
  ASSERT_EQ(test::run_cli("repo index " + repo).status, 0);
  EXPECT_THAT(test::run_cli("repo query " + repo + " --list").output, HasSubstr("plaintool-1.0-1.x86_64"));
}

TEST_F(Signatures, AKeyFileThatIsNoKeyIsNamed) {
  ASSERT_TRUE(write_file_atomic(work / "junk.asc", "not a key\n"));
  const auto keys = rpm::TrustedKeys::load({work / "junk.asc", trusted});
  ASSERT_FALSE(keys);
  EXPECT_EQ(keys.error().code, ExitCode::bad_input);
  EXPECT_THAT(keys.error().message, HasSubstr("junk.asc: not an ASCII-armoured OpenPGP public key"));
}

}  // namespace
}  // namespace ssi
