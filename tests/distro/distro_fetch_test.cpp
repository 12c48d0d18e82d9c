// `distro fetch` end to end: a signed archive served from a folder (file://, laid out as the
// Debian archive is), the closure, the cache and its repairs, the import; and one small closure
// from the real Debian 13 archive this machine's apt uses.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/crash_harness.hpp"
#include "support/debian_packages.hpp"
#include "support/gpg_home.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"
#include "util/sha256.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using test::quote;

struct Published {
  std::string name, version, arch, fields;
};

// dists/testsuite/{InRelease,main/binary-amd64/Packages.xz} and pool/main/..., signed by a key
// of its own; the distribution definition naming it is DIR/testdistro.toml.
class LocalArchive : public ::testing::Test {
 protected:
  fs::path work = test::scratch_dir();
  fs::path root = work / "archive";
  fs::path cache = work / "cache";
  fs::path repo = work / "repo";
  fs::path definition = work / "testdistro.toml";
  test::GpgHome gpg;

  void SetUp() override {
    gpg.make_key("Archive Signer <archive@example.org>", work);
    gpg.export_keyring("Archive Signer <archive@example.org>", work / "archive-keyring.gpg");
    ASSERT_TRUE(write_file_atomic(definition, "[distro]\nname = \"testdistro\"\nsuite = \"testsuite\"\ncomponents = [\"main\"]\n"
                                              "architectures = [\"amd64\"]\nkeyring = \"archive-keyring.gpg\"\nrelease_tag = \"t1\"\n"));
    publish({{"app", "1.0", "amd64", "Depends: libapp1 (>= 1.0), editor\nRecommends: extra\n"},
             {"libapp1", "1.2", "amd64", "Depends: base-lib\n"},
             {"base-lib", "2.0", "amd64", ""},
             {"nano", "1.0", "amd64", "Provides: editor\n"},
             {"extra", "1.0", "all", ""}});
  }

  void publish(const std::vector<Published>& packages, const std::string& suite = "testsuite") {
    const fs::path index_dir = root / "dists" / suite / "main/binary-amd64";
    fs::create_directories(index_dir);
    std::string index;
    for (const auto& p : packages) {
      const std::string control = "Package: " + p.name + "\nVersion: " + p.version + "\nArchitecture: " + p.arch +
                                  "\nMaintainer: Test <test@example.org>\n" + p.fields + "Description: test package " + p.name + "\n";
      const fs::path pool = root / "pool/main" / p.name.substr(0, 1) / p.name;
      fs::create_directories(pool);
      const fs::path deb = test::make_deb(pool, p.name + "_" + p.version + "_" + p.arch, control,
                                          {{"/usr/share/" + p.name + "/README", "the " + p.name + " package\n"}});
      fs::remove_all(pool / (p.name + "_" + p.version + "_" + p.arch + ".tree"));
      index += control + "Filename: " + deb.lexically_relative(root).string() + "\nSize: " + std::to_string(fs::file_size(deb)) +
               "\nSHA256: " + sha256_file_hex(deb).value() + "\n\n";
    }
    ASSERT_TRUE(write_file_atomic(index_dir / "Packages", index));
    ASSERT_EQ(test::run("xz -kf " + quote((index_dir / "Packages").string())).status, 0);
    sign_release("Archive Signer <archive@example.org>", suite);
  }

  void sign_release(const std::string& signer = "Archive Signer <archive@example.org>", const std::string& suite = "testsuite") {
    std::string release = "Origin: Test\nSuite: " + suite + "\nCodename: " + suite + "\nVersion: 1.0\nSHA256:\n";
    for (const std::string name : {"Packages", "Packages.xz"}) {
      const fs::path f = root / "dists" / suite / "main/binary-amd64" / name;
      release += " " + sha256_file_hex(f).value() + " " + std::to_string(fs::file_size(f)) + " main/binary-amd64/" + name + "\n";
    }
    const fs::path dists = root / "dists" / suite;
    ASSERT_TRUE(write_file_atomic(dists / "Release", release));
    const auto signed_ = test::run(gpg.env() + "gpg --batch --yes --local-user " + quote(signer) + " --clearsign -o " +
                                   quote((dists / "InRelease").string()) + " " + quote((dists / "Release").string()));
    ASSERT_EQ(signed_.status, 0) << signed_.output;
  }

  test::RunResult fetch(const std::string& packages, const std::string& extra = "") {
    return test::run_cli("distro fetch " + quote(definition.string()) + " " + packages + " --mirror file://" + quote(root.string()) +
                         " --cache " + quote(cache.string()) + " --repo " + quote(repo.string()) + " --json" + extra,
                         test::kQuickSanitizers);
  }
};

std::vector<std::string> names(const nlohmann::json& j) {
  std::vector<std::string> out;
  for (const auto& p : j["packages"]) out.push_back(p["name"]);
  return out;
}

TEST_F(LocalArchive, TheClosureIsCheckedDownloadedOnceAndImported) {
  const auto first = fetch("app");
  ASSERT_EQ(first.status, 0) << first.output;
  const auto j = nlohmann::json::parse(first.output);
  // Depends followed through a versioned library and a virtual package; Recommends left out.
  EXPECT_THAT(names(j), ElementsAre("app", "base-lib", "libapp1", "nano"));
  EXPECT_EQ(j["debs_downloaded"], 4);
  EXPECT_EQ(j["suites"][0]["release_downloaded"], true);
  EXPECT_EQ(j["converted"], 4);
  EXPECT_EQ(j["packages"][3]["reason"], "needed by app-1.0.amd64 for editor");
  const auto listed = test::run_cli("repo query " + quote(repo.string()) + " --list");
  EXPECT_THAT(listed.output, AllOf(HasSubstr("app-1.0"), HasSubstr("nano-1.0"), ::testing::Not(HasSubstr("extra"))));

  const auto second = fetch("app");
  ASSERT_EQ(second.status, 0) << second.output;
  const auto k = nlohmann::json::parse(second.output);
  EXPECT_EQ(k["debs_downloaded"], 0);
  EXPECT_EQ(k["debs_cached"], 4);
  EXPECT_EQ(k["suites"][0]["indexes_downloaded"], 0);
  EXPECT_EQ(k["suites"][0]["release_downloaded"], false);
  EXPECT_EQ(k["converted"], 0);
}

TEST_F(LocalArchive, ACorruptOrTruncatedCacheFileIsNamedAndFetchedAgain) {
  ASSERT_EQ(fetch("app").status, 0);
  const fs::path cached = cache / "debs" / "libapp1_1.2_amd64.deb";
  fs::resize_file(cached, fs::file_size(cached) / 2);
  const auto again = fetch("app");
  ASSERT_EQ(again.status, 0) << again.output;
  const auto j = nlohmann::json::parse(again.output);
  EXPECT_EQ(j["debs_downloaded"], 1);
  ASSERT_EQ(j["notes"].size(), 1u);
  EXPECT_THAT(j["notes"][0].get<std::string>(), AllOf(HasSubstr(cached.string()), HasSubstr("fetched again")));
  EXPECT_EQ(sha256_file_hex(cached).value(), j["packages"][2]["sha256"]);
}

TEST_F(LocalArchive, ASignatureByAnotherKeyIsRefusedAndNotKept) {
  gpg.make_key("Somebody Else <else@example.org>", work);
  sign_release("Somebody Else <else@example.org>");
  const auto r = fetch("app");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr((cache / "testdistro/testsuite/InRelease").string() + ": the signature does not verify with"),
                              HasSubstr("archive-keyring.gpg")));
  EXPECT_FALSE(fs::exists(cache / "testdistro/testsuite/InRelease"));
  EXPECT_FALSE(fs::exists(repo));
}

TEST_F(LocalArchive, AnIndexThatIsNotTheSignedOneIsNotUsed) {
  const fs::path index = root / "dists/testsuite/main/binary-amd64/Packages.xz";
  ASSERT_EQ(test::run("printf 'Package: evil\\nVersion: 1\\nArchitecture: all\\n\\n' | xz > " + quote(index.string())).status, 0);
  const auto r = fetch("app");
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr("download failed"), HasSubstr("dists/testsuite/main/binary-amd64/Packages.xz")));
  EXPECT_TRUE(fs::is_empty(cache / "testdistro/testsuite/indexes"));
}

TEST_F(LocalArchive, AnUpdatesSuiteSupersedesTheReleasesPackages) {
  publish({{"libapp1", "1.3", "amd64", "Depends: base-lib\n"}}, "testsuite-updates");
  std::string text = read_file(definition).value();
  text.replace(text.find("components"), 0, "updates = [\"testsuite-updates\"]\n");
  ASSERT_TRUE(write_file_atomic(definition, text));
  const auto r = fetch("app");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  ASSERT_EQ(j["suites"].size(), 2u);
  EXPECT_EQ(j["suites"][1]["suite"], "testsuite-updates");
  EXPECT_THAT(names(j), ElementsAre("app", "base-lib", "libapp1", "nano"));
  EXPECT_EQ(j["packages"][2]["version"], "1.3");
  EXPECT_EQ(j["packages"][2]["suite"], "testsuite-updates");
  EXPECT_EQ(j["packages"][0]["suite"], "testsuite");
  EXPECT_TRUE(fs::exists(cache / "debs" / "libapp1_1.3_amd64.deb"));
}

// A package the distribution dropped comes from the older suite named in [[borrow]]; nothing
// else of that suite may satisfy a dependency, even where the distribution itself has nothing.
TEST_F(LocalArchive, ABorrowedPackageComesFromItsSuiteAndNothingElseOfIt) {
  publish({{"oldtool", "0.9", "amd64", "Depends: base-lib, oldlib\n"},
           {"oldlib", "0.9", "amd64", ""},
           {"base-lib", "1.0", "amd64", ""},
           {"stray", "1.0", "amd64", ""}},
          "oldsuite");
  std::string text = read_file(definition).value();
  ASSERT_TRUE(write_file_atomic(definition, text + "[[borrow]]\nsuite = \"oldsuite\"\npackages = [\"oldtool\", \"oldlib\"]\n"
                                                   "reason = \"not in testsuite\"\n"));
  const auto r = fetch("app oldtool");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_THAT(names(j), ElementsAre("app", "base-lib", "libapp1", "nano", "oldlib", "oldtool"));
  for (const auto& p : j["packages"]) {
    const std::string suite = p["name"] == "oldtool" || p["name"] == "oldlib" ? "oldsuite" : "testsuite";
    EXPECT_EQ(p["suite"], suite) << p["name"];
  }
  const auto stray = fetch("stray");
  EXPECT_EQ(stray.status, 3) << stray.output;
  EXPECT_THAT(stray.output, HasSubstr("no package or virtual package named stray"));
  const auto shown = test::run_cli("distro fetch " + quote(definition.string()) + " oldtool --mirror file://" + quote(root.string()) +
                                       " --cache " + quote(cache.string()) + " --download-only",
                                   test::kQuickSanitizers);
  EXPECT_THAT(shown.output, HasSubstr("borrowed from oldsuite: oldlib 0.9, oldtool 0.9 (not in testsuite)"));
}

TEST_F(LocalArchive, UnknownPackagesAreAllNamed) {
  const auto r = fetch("app nosuch other-missing");
  EXPECT_EQ(r.status, 3) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr("testdistro (testsuite): no package or virtual package named nosuch"),
                              HasSubstr("named other-missing")));
}

TEST(DistroFetch, ASmallDebian13ClosureFromTheArchiveThisMachineUses) {
  const fs::path work = test::scratch_dir();
  const auto r = test::run_cli("distro fetch debian-13 hostname --distros " + quote(std::string(SSI_OSCAR_SOURCE_DIR) + "/distros") +
                                   " --cache " + quote((work / "cache").string()) + " --repo " + quote((work / "repo").string()) + " --json",
                               test::kQuickSanitizers);
  if (r.status == 2 && r.output.find("pass --mirror URI") != std::string::npos && !test::under_ci())
    GTEST_SKIP() << "this machine's apt sources name no Debian archive";
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["suite"], "trixie");
  EXPECT_THAT(j["release"].get<std::string>(), ::testing::StartsWith("13."));
  EXPECT_THAT(names(j), AllOf(::testing::Contains("hostname"), ::testing::Contains("libc6")));
  for (const auto& p : j["packages"]) {
    if (p["name"] == "libc6") {
      EXPECT_THAT(p["version"].get<std::string>(), ::testing::StartsWith("2.41"));
    }
  }
  EXPECT_EQ(j["converted"], j["packages"].size());
}

}  // namespace
}  // namespace ssi
