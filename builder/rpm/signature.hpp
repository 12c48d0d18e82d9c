#pragma once
// OpenPGP signatures of packages, checked with librpm against the keys a repository or an image
// definition names (ASCII-armoured public keys, as `gpg --export --armor` writes them).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::rpm {

class TrustedKeys {
 public:
  // Every unreadable key file is one line of the error (exit 2).
  static Expected<TrustedKeys> load(const std::vector<std::filesystem::path>& key_files);
  bool empty() const { return count_ == 0; }
  // "" when the package carries a signature by one of the keys and it verifies (digests too);
  // otherwise why not, in librpm's words ("... Signature, key ID 1a2b3c4d: NOKEY", "not signed").
  std::string problem(const std::filesystem::path& package) const;

 private:
  struct Ring;
  std::shared_ptr<Ring> ring_;
  std::size_t count_ = 0;
};

// Signs packages in place with rpmsign and gpg (GNUPGHOME as the caller has it): `key` is a key
// ID or user ID of the secret keyring.
Status sign_packages(const std::vector<std::filesystem::path>& packages, const std::string& key,
                     const std::filesystem::path& log);

}  // namespace ssi::rpm
