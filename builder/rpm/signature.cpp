#include "rpm/signature.hpp"

#include <rpm/rpmlib.h>
#include <rpm/rpmpgp.h>

#include <cstdlib>

#include "rpm/handles.hpp"
#include "rpm/rpm_config.hpp"
#include "rpm/rpm_log.hpp"
#include "util/subprocess.hpp"
#include "util/text.hpp"

namespace ssi::rpm {
namespace fs = std::filesystem;

struct TrustedKeys::Ring {
  Keyring keyring{rpmKeyringNew()};
};

Expected<TrustedKeys> TrustedKeys::load(const std::vector<fs::path>& key_files) {
  ensure_configured();
  TrustedKeys keys;
  keys.ring_ = std::make_shared<Ring>();
  std::string problems;
  for (const auto& file : key_files) {
    uint8_t* packet = nullptr;
    size_t length = 0;
    const pgpArmor armor = pgpReadPkts(file.c_str(), &packet, &length);
    const std::unique_ptr<uint8_t, decltype(&std::free)> owned(packet, &std::free);
    if (armor != PGPARMOR_PUBKEY) {
      append_line(problems, file.string() + ": not an ASCII-armoured OpenPGP public key (gpg --export --armor KEY)");
      continue;
    }
    PublicKey key(rpmPubkeyNew(packet, length));
    if (!key || rpmKeyringAddKey(keys.ring_->keyring.get(), key.get()) < 0) {
      append_line(problems, file.string() + ": librpm cannot use this public key");
      continue;
    }
    ++keys.count_;
  }
  if (!problems.empty()) return bad_input(problems);
  return keys;
}

std::string TrustedKeys::problem(const fs::path& package) const {
  capture_log_messages();
  TransactionSet ts(rpmtsCreate());
  rpmtsSetKeyring(ts.get(), ring_->keyring.get());
  rpmtsSetVSFlags(ts.get(), RPMVSF_DEFAULT);
  rpmtsSetVfyLevel(ts.get(), RPMSIG_SIGNATURE_TYPE | RPMSIG_DIGEST_TYPE);  // unsigned is not enough
  File fd(Fopen(package.c_str(), "r.ufdio"));
  if (!fd || Ferror(fd.get())) return "cannot be opened";
  Header raw = nullptr;
  const rpmRC rc = rpmReadPackageFile(ts.get(), fd.get(), package.c_str(), &raw);
  HeaderPtr header(raw);
  const std::string said = take_last_log_message();
  if (rc == RPMRC_OK && header &&
      (headerIsEntry(header.get(), RPMTAG_RSAHEADER) || headerIsEntry(header.get(), RPMTAG_DSAHEADER)))
    return "";
  if (rc == RPMRC_OK) return "not signed";
  return said.empty() ? "signature does not verify" : said;
}

Status sign_packages(const std::vector<fs::path>& packages, const std::string& key, const fs::path& log) {
  std::vector<std::string> argv = {"rpmsign", "--addsign", "--define", "_gpg_name " + key, "--define",
                                   "__gpg /usr/bin/gpg"};
  for (const auto& p : packages) argv.push_back(p.string());
  auto run = run_process(argv, log);
  if (!run) return run.error();
  if (run->exit_code != 0)
    return step_failed("rpmsign with key " + key + " failed, log " + log.string() + ":" + log_tail(log, 5));
  return success();
}

}  // namespace ssi::rpm
