#pragma once
// What the Debian maintainer scripts an image keeps as data (usr/share/ssi-oscar/debian-scripts/
// PACKAGE/postinst, see docs/debian-import.md) would have set up: the alternatives their
// `update-alternatives --install` lines declare, and the system accounts of their
// `adduser --system` lines. Only literal arguments are understood; a line using shell variables
// is left alone.
#include <filesystem>
#include <string>
#include <vector>

namespace ssi::image {

struct Alternative {
  std::string link, name, path;  // /usr/bin/mpirun, mpirun, /usr/bin/mpirun.openmpi
  long priority = 0;
  std::vector<Alternative> slaves;
  std::string package;
};

struct SystemAccount {
  std::string name, home = "/nonexistent", shell = "/usr/sbin/nologin", group;  // group "" = nogroup
  bool own_group = false;  // --group: a group of the same name
  std::string package;
  std::string declared_by = "postinst (adduser --system)";  // or "sysusers.d/FILE"
};

// Every declaration of every package's postinst, in package-name order; accounts also from
// /usr/lib/sysusers.d (Debian 13's packages declare their users there: `u sshd -:nogroup ...`).
std::vector<Alternative> declared_alternatives(const std::filesystem::path& root);
std::vector<SystemAccount> declared_accounts(const std::filesystem::path& root);

// The command lines of a shell script, continuation lines joined, as words (quotes removed).
std::vector<std::vector<std::string>> script_commands(const std::string& script);

}  // namespace ssi::image
