#pragma once
// `ssi-oscar import deb`: Debian binary packages become RPMs in a repository, converted in
// parallel child builds; a package already converted from the same .deb is skipped.
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "util/parallel.hpp"

namespace ssi::debimport {

struct ImportOptions {
  std::filesystem::path repo = "repo";
  std::filesystem::path work = "/var/tmp/ssi-oscar-build";
  unsigned jobs = default_jobs();
  bool merged_usr = false;  // the target's /bin, /sbin, /lib are links into /usr (deb_spec.hpp)
};

struct ImportedPackage {
  std::string name;               // the Debian package
  std::filesystem::path deb;
  bool up_to_date = false;        // converted before from the same .deb
  std::vector<std::string> outputs;  // relative to the repository
};

// Every unreadable .deb is named (exit 2) before anything is converted; nothing of a failed
// package reaches the repository.
Expected<std::vector<ImportedPackage>> import_debs(const std::vector<std::filesystem::path>& debs, const ImportOptions& options);

}  // namespace ssi::debimport
