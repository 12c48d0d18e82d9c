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

using Digest = std::unique_ptr<DIGEST_CTX_s, Sha256::Closer>;
std::string finish(Digest digest) {
  char* hex = nullptr;
  rpmDigestFinal(digest.release(), reinterpret_cast<void**>(&hex), nullptr, 1);
  std::string result = hex ? hex : "";
  std::free(hex);
  return result;
}

Expected<std::string> file_digest_hex(const std::filesystem::path& path, int algorithm) {
  CFile file(std::fopen(path.c_str(), "rb"));
  if (!file) return bad_input(path.string() + ": cannot read: " + std::strerror(errno));
  Digest digest(new_digest(algorithm));
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) rpmDigestUpdate(digest.get(), buffer, n);
  if (std::ferror(file.get())) return bad_input(path.string() + ": read error");
  return finish(std::move(digest));
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  Digest digest(new_digest(PGPHASHALGO_SHA256));
  rpmDigestUpdate(digest.get(), data.data(), data.size());
  return finish(std::move(digest));
}

Sha256::Sha256() : context_(new_digest(PGPHASHALGO_SHA256)) {}
void Sha256::Closer::operator()(DIGEST_CTX_s* context) const { rpmDigestFinal(context, nullptr, nullptr, 0); }
void Sha256::update(std::string_view bytes) { rpmDigestUpdate(context_.get(), bytes.data(), bytes.size()); }
std::string Sha256::hex() && { return finish(std::move(context_)); }

Expected<std::string> sha256_file_hex(const std::filesystem::path& path) {
  return file_digest_hex(path, PGPHASHALGO_SHA256);
}

Expected<std::string> md5_file_hex(const std::filesystem::path& path) {
  return file_digest_hex(path, PGPHASHALGO_MD5);
}

}  // namespace ssi
