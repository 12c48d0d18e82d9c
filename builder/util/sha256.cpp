#include "util/sha256.hpp"

#include <rpm/rpmcrypto.h>
#include <rpm/rpmpgp.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <utility>

#include "util/c_file.hpp"

namespace ssi {
namespace {

// librpm sets up its crypto backend lazily, and that set-up is not thread-safe: do it once here.
DIGEST_CTX new_digest(int algorithm) {
  static std::once_flag once;
  std::call_once(once, [] { rpmInitCrypto(); });
  return rpmDigestInit(algorithm, RPMDIGEST_NONE);
}

struct DigestCloser {
  void operator()(DIGEST_CTX ctx) const {
    if (ctx) rpmDigestFinal(ctx, nullptr, nullptr, 0);
  }
};
using Digest = std::unique_ptr<std::remove_pointer_t<DIGEST_CTX>, DigestCloser>;
std::string finish(Digest digest) {
  char* hex = nullptr;
  rpmDigestFinal(digest.release(), reinterpret_cast<void**>(&hex), nullptr, 1);
  std::string result = hex ? hex : "";
  std::free(hex);
  return result;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  Digest digest(new_digest(PGPHASHALGO_SHA256));
  rpmDigestUpdate(digest.get(), data.data(), data.size());
  return finish(std::move(digest));
}

Sha256::Sha256() : context_(new_digest(PGPHASHALGO_SHA256)) {}
Sha256::Sha256(Sha256&& other) noexcept : context_(std::exchange(other.context_, nullptr)) {}
Sha256& Sha256::operator=(Sha256&& other) noexcept {
  std::swap(context_, other.context_);
  return *this;
}
Sha256::~Sha256() { DigestCloser{}(context_); }
void Sha256::update(std::string_view bytes) { rpmDigestUpdate(context_, bytes.data(), bytes.size()); }
std::string Sha256::hex() && { return finish(Digest(std::exchange(context_, nullptr))); }

Expected<FileAndTailDigests> sha256_file_and_tail(const std::filesystem::path& path,
                                                  std::uint64_t tail_start) {
  CFile file(std::fopen(path.c_str(), "rb"));
  if (!file) return bad_input(path.string() + ": cannot read: " + std::strerror(errno));
  Digest whole(new_digest(PGPHASHALGO_SHA256));
  Digest tail(new_digest(PGPHASHALGO_SHA256));
  char buffer[1 << 16];
  std::uint64_t offset = 0;
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    rpmDigestUpdate(whole.get(), buffer, n);
    if (offset + n > tail_start) {
      const std::size_t skip = offset >= tail_start ? 0 : static_cast<std::size_t>(tail_start - offset);
      rpmDigestUpdate(tail.get(), buffer + skip, n - skip);
    }
    offset += n;
  }
  if (std::ferror(file.get())) return bad_input(path.string() + ": read error");
  return FileAndTailDigests{finish(std::move(whole)), finish(std::move(tail))};
}

Expected<std::string> sha256_file_hex(const std::filesystem::path& path) {
  auto digests = sha256_file_and_tail(path, UINT64_MAX);
  if (!digests) return digests.error();
  return digests->file_sha256;
}

Expected<std::string> md5_file_hex(const std::filesystem::path& path) {
  CFile file(std::fopen(path.c_str(), "rb"));
  if (!file) return bad_input(path.string() + ": cannot read: " + std::strerror(errno));
  Digest digest(new_digest(PGPHASHALGO_MD5));
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) rpmDigestUpdate(digest.get(), buffer, n);
  if (std::ferror(file.get())) return bad_input(path.string() + ": read error");
  return finish(std::move(digest));
}

}  // namespace ssi
