#include "support/gpg_home.hpp"

#include <stdexcept>

#include "support/process.hpp"

namespace ssi::test {
namespace fs = std::filesystem;

GpgHome::GpgHome() { fs::permissions(home_.path(), fs::perms::owner_all); }

GpgHome::~GpgHome() { run(env() + "gpgconf --kill gpg-agent"); }

std::string GpgHome::env() const { return "GNUPGHOME=" + quote(home_.path().string()) + " "; }

fs::path GpgHome::make_key(const std::string& user, const fs::path& dir) {
  const auto made = run(env() + "gpg --batch --passphrase '' --quick-gen-key " + quote(user) + " rsa2048 sign never");
  if (made.status != 0) throw std::runtime_error("gpg cannot make a key: " + made.output);
  const fs::path exported = dir / (user.substr(user.find('<') + 1, user.find('@') - user.find('<') - 1) + ".asc");
  run(env() + "gpg --batch --armor --export " + quote(user) + " > " + quote(exported.string()));
  return exported;
}

void GpgHome::export_keyring(const std::string& user, const fs::path& file) {
  const auto exported = run(env() + "gpg --batch --export " + quote(user) + " > " + quote(file.string()));
  if (exported.status != 0) throw std::runtime_error("gpg cannot export the key: " + exported.output);
}

}  // namespace ssi::test
