#include "rpm/header_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "support/rpm_factory.hpp"
#include "support/universe.hpp"
#include "util/sha256.hpp"

namespace ssi::rpm {
namespace {
namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::HasSubstr;

fs::path universe_file(const std::string& name) { return test::universe_rpms() / name; }

const Dependency* find_dep(const PackageRecord& r, DepKind kind, const std::string& name) {
  for (const auto& d : r.deps(kind))
    if (d.name == name) return &d;
  return nullptr;
}

TEST(HeaderReader, ReadsIdentityAndSizes) {
  auto r = read_package(universe_file("app-3.0-1.x86_64.rpm"), "app-3.0-1.x86_64.rpm");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->name, "app");
  ASSERT_TRUE(r->epoch.has_value());
  EXPECT_EQ(*r->epoch, 1u);
  EXPECT_EQ(r->nevra(), "app-1:3.0-1.x86_64");
  EXPECT_EQ(r->sourcerpm, "app-3.0-1.src.rpm");
  EXPECT_EQ(r->license, "MIT");
  EXPECT_EQ(r->file_size, fs::file_size(universe_file("app-3.0-1.x86_64.rpm")));
  EXPECT_GT(r->install_size, 0u);
  EXPECT_EQ(r->sha256.size(), 64u);
  EXPECT_GT(r->header_end, r->header_start);
  EXPECT_GT(r->header_start, 96u);
}

TEST(HeaderReader, ReadsEveryKindOfDependency) {
  auto r = read_package(universe_file("app-3.0-1.x86_64.rpm"), "app.rpm");
  ASSERT_TRUE(r) << r.error().message;
  const Dependency* libfoo = find_dep(*r, DepKind::require, "libfoo");
  ASSERT_NE(libfoo, nullptr);
  EXPECT_EQ(libfoo->op, DepOp::ge);
  EXPECT_EQ(libfoo->evr, "2.0");
  const Dependency* rich = find_dep(*r, DepKind::require, "(mta-postfix or mta-exim)");
  ASSERT_NE(rich, nullptr);
  EXPECT_EQ(rich->op, DepOp::none);
  const Dependency* pre = find_dep(*r, DepKind::require, "base-shell");
  ASSERT_NE(pre, nullptr);
  EXPECT_TRUE(pre->pre);
  EXPECT_NE(find_dep(*r, DepKind::recommend, "app-docs"), nullptr);
  const Dependency* self = find_dep(*r, DepKind::provide, "app");
  ASSERT_NE(self, nullptr);
  EXPECT_EQ(self->evr, "1:3.0-1");
  for (const auto& d : r->deps(DepKind::require)) EXPECT_THAT(d.name, ::testing::Not(HasSubstr("rpmlib(")));

  auto newtool = read_package(universe_file("newtool-2.0-1.noarch.rpm"), "newtool.rpm");
  ASSERT_TRUE(newtool);
  const Dependency* obsolete = find_dep(*newtool, DepKind::obsolete, "oldtool");
  ASSERT_NE(obsolete, nullptr);
  EXPECT_EQ(obsolete->op, DepOp::lt);
  EXPECT_EQ(newtool->arch, "noarch");
  auto postfix = read_package(universe_file("mta-postfix-3.7-1.noarch.rpm"), "postfix.rpm");
  ASSERT_TRUE(postfix);
  EXPECT_NE(find_dep(*postfix, DepKind::conflict, "mta-exim"), nullptr);
}

TEST(HeaderReader, ReadsFilesWithTheirKindsAndTheChangelog) {
  auto r = read_package(universe_file("app-3.0-1.x86_64.rpm"), "app.rpm");
  ASSERT_TRUE(r);
  EXPECT_THAT(r->files, Contains(FileEntry{"/usr/bin/app", FileKind::file}));
  EXPECT_THAT(r->files, Contains(FileEntry{"/etc/app.conf", FileKind::file}));
  EXPECT_THAT(r->files, Contains(FileEntry{"/var/log/app.log", FileKind::ghost}));
  auto shell = read_package(universe_file("base-shell-2.0-1.x86_64.rpm"), "shell.rpm");
  ASSERT_TRUE(shell);
  EXPECT_THAT(shell->files, Contains(FileEntry{"/usr/share/base-shell", FileKind::dir}));
  ASSERT_EQ(r->changelog.size(), 1u);
  EXPECT_THAT(r->changelog[0].author, HasSubstr("Test Builder"));
  EXPECT_THAT(r->changelog[0].text, HasSubstr("Built for the tests"));
}

class BrokenFile : public ::testing::Test {
 protected:
  fs::path dir = test::scratch_dir();
  std::string original = (test::universe_rpms() / "app-3.0-1.x86_64.rpm").string();

  fs::path write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return dir / name;
  }
  std::string prefix(std::size_t n) {
    std::ifstream in(original, std::ios::binary);
    std::string bytes(n, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(n));
    return bytes;
  }
};

TEST_F(BrokenFile, EmptyFileIsNamedAndExplained) {
  auto r = read_package(write("empty.rpm", ""), "empty.rpm");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ExitCode::bad_input);
  EXPECT_THAT(r.error().message, HasSubstr((dir / "empty.rpm").string()));
  EXPECT_THAT(r.error().message, HasSubstr("empty file"));
}

TEST_F(BrokenFile, TextFileIsNotAnRpm) {
  auto r = read_package(write("text.rpm", "this is not a package\n"), "text.rpm");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("not an RPM package"));
}

TEST_F(BrokenFile, TruncatedHeaderIsReported) {
  auto r = read_package(write("cut-header.rpm", prefix(1000)), "cut-header.rpm");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("cut-header.rpm: "));
}

TEST_F(BrokenFile, TruncatedPayloadIsCaughtByThePayloadDigest) {
  const auto size = fs::file_size(original);
  auto r = read_package(write("cut-payload.rpm", prefix(size - 40)), "cut-payload.rpm");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("payload digest mismatch"));
}

TEST_F(BrokenFile, FlippedHeaderByteFailsTheHeaderDigest) {
  std::string bytes = prefix(fs::file_size(original));
  auto good = read_package(original, "app.rpm");
  ASSERT_TRUE(good);
  bytes[good->header_end - 20] ^= 0x5a;
  auto r = read_package(write("flipped.rpm", bytes), "flipped.rpm");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("flipped.rpm"));
}

// The reader takes a package in pieces of a few MiB; a larger one's checksum and payload digest
// run over every piece, and a flipped byte in its last piece is caught.
TEST_F(BrokenFile, APackageOfSeveralPiecesIsHashedWholeAndItsLastPieceChecked) {
  test::TestPackage big = test::noarch_package("big");
  // Incompressible bytes: two whole pieces and part of a third.
  big.install = "mkdir -p %{buildroot}/usr/share/big && head -c " + std::to_string(2 * kReadPiece + kReadPiece / 4) +
                " /dev/urandom > %{buildroot}/usr/share/big/noise";
  big.file_lines = {"/usr/share/big/noise"};
  const fs::path rpm = test::build_rpms({big}, dir / "rpms").front();
  ASSERT_GT(fs::file_size(rpm), 2 * kReadPiece);
  auto r = read_package(rpm, "big.rpm");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->sha256, sha256_file_hex(rpm).value());

  std::ifstream in(rpm, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  bytes[bytes.size() - 1000] ^= 0x5a;
  auto flipped = read_package(write("big-flipped.rpm", bytes), "big-flipped.rpm");
  ASSERT_FALSE(flipped);
  EXPECT_THAT(flipped.error().message, HasSubstr("payload digest mismatch"));
}

}  // namespace
}  // namespace ssi::rpm
