#pragma once
// SHA-256 through librpm's digest API (rpmio), the same code rpm itself uses.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "util/error.hpp"

struct DIGEST_CTX_s;

namespace ssi {

std::string sha256_hex(std::string_view data);
Expected<std::string> sha256_file_hex(const std::filesystem::path& path);
// MD5 only to recognise legacy tarballs whose published checksum is an MD5.
Expected<std::string> md5_file_hex(const std::filesystem::path& path);

// Both digests in one read: the whole file, and the part from `tail_start` to the end.
struct FileAndTailDigests {
  std::string file_sha256, tail_sha256;
};
Expected<FileAndTailDigests> sha256_file_and_tail(const std::filesystem::path& path,
                                                  std::uint64_t tail_start);

// A digest fed piece by piece, for callers that read the bytes for more than hashing.
class Sha256 {
 public:
  Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();
  void update(std::string_view bytes);
  std::string hex() &&;  // lower-case hex; the digest is spent

 private:
  DIGEST_CTX_s* context_;  // librpm's digest (rpmcrypto.h)
};

}  // namespace ssi
