#include "util/sha256.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/universe.hpp"

namespace ssi {
namespace {

// FIPS 180-2's example message and digest.
constexpr const char* kAbcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST(Sha256, PiecesGiveTheDigestOfTheWhole) {
  EXPECT_EQ(sha256_hex("abc"), kAbcDigest);
  Sha256 pieces;
  pieces.update("a");
  pieces.update("");
  pieces.update("bc");
  EXPECT_EQ(std::move(pieces).hex(), kAbcDigest);
}

TEST(Sha256, AFileIsHashedAsItsBytesAndAMissingOneIsNamed) {
  const auto file = test::scratch_dir() / "abc";
  std::ofstream(file) << "abc";
  EXPECT_EQ(sha256_file_hex(file).value(), kAbcDigest);
  const auto missing = sha256_file_hex(file.string() + ".missing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, file.string() + ".missing: cannot read: No such file or directory");
}

}  // namespace
}  // namespace ssi
