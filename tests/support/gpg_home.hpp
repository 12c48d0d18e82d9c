#pragma once
// A private gpg home (short path: gpg-agent's socket lives in it) making signing keys; its agent
// is stopped at the end.
#include <filesystem>
#include <string>

#include "util/fs.hpp"

namespace ssi::test {

class GpgHome {
 public:
  GpgHome();
  ~GpgHome();
  GpgHome(const GpgHome&) = delete;
  GpgHome& operator=(const GpgHome&) = delete;
  // "GNUPGHOME=... " for a shell command line.
  std::string env() const;
  // Makes a key for "Name <local@domain>" and exports its public half to DIR/local.asc.
  std::filesystem::path make_key(const std::string& user, const std::filesystem::path& dir);
  // The public keys of `user` as a binary keyring, the form gpgv --keyring reads.
  void export_keyring(const std::string& user, const std::filesystem::path& file);

 private:
  TempDir home_;
};

}  // namespace ssi::test
