#pragma once
// SHA-256 through librpm's digest API (rpmio), the same code rpm itself uses.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "util/error.hpp"

struct DIGEST_CTX_s;

namespace ssi {

std::string sha256_hex(std::string_view data);
Expected<std::string> sha256_file_hex(const std::filesystem::path& path);
// MD5 only to recognise legacy tarballs whose published checksum is an MD5.
Expected<std::string> md5_file_hex(const std::filesystem::path& path);

// A digest fed piece by piece, for callers that read the bytes for more than hashing.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::string hex() &&;  // lower-case hex; the digest is spent

  // Frees a librpm digest without taking its value (the one-shot digests in sha256.cpp use it too).
  struct Closer {
    void operator()(DIGEST_CTX_s* context) const;
  };

 private:
  std::unique_ptr<DIGEST_CTX_s, Closer> context_;  // librpm's digest (rpmcrypto.h)
};

}  // namespace ssi
