#pragma once
// A recipe: how to turn upstream sources into a source RPM and its binary packages
// (the format is documented in docs/recipes.md).
#include <filesystem>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "oscar/opkg.hpp"
#include "util/job_resources.hpp"

namespace ssi::recipe {

struct Source {
  std::string file;
  std::vector<std::string> sha256;  // any one may match
  std::vector<std::string> md5;     // legacy tarballs whose sha256 nobody recorded
  std::vector<std::string> stand_in_sha256;  // stand-ins written for tests and demos, not upstream
  std::string installed_by;  // a Debian package that installs the file: dpkg's record of it is the checksum
  int line = 0;                     // in the recipe, for messages
};

struct Patch {
  std::string file;
  std::vector<std::string> sha256;
  int strip = 1;
  int line = 0;
};

struct Relations {
  std::vector<std::string> requires_, provides, conflicts, obsoletes, recommends;
};

struct Subpackage {
  std::string name, summary, description, arch;  // arch "" = the package's
  std::vector<std::string> files, config, dirs, docs;
  Relations relations;
  std::map<std::string, std::string> scripts;  // pre, post, preun, postun
};

struct ChangelogEntry {
  std::string date;  // YYYY-MM-DD
  std::string author, version, text;
};

struct Recipe {
  std::filesystem::path dir, file;  // the recipe's folder and its recipe.toml
  // What a build depends on besides its sources and spec: every file of `dir` unless these name
  // files and folders (a kernel definition shares its folder with the other kernels).
  std::vector<std::filesystem::path> key_files;
  std::string name, version, release = "1", summary, description, license, url, arch;
  std::optional<int> epoch;
  std::vector<Source> sources;
  std::vector<Patch> patches;
  std::vector<std::string> build_requires;  // RPM capabilities, from the repository
  std::vector<std::string> build_tools;     // commands the build host must have
  std::string prep, build, install, check;  // shell steps; install writes into $DESTDIR
  std::string spec;                         // a .spec of the recipe's own, instead of the steps
  std::string spec_text;                    // a whole spec made by an importer (Debian packages)
  std::optional<std::int64_t> source_date_epoch;  // when no changelog dates the build
  bool source_rpm = true;                   // false for conversions: their source is someone else's package
  std::vector<std::string> spec_globals;    // "NAME VALUE" macros the spec sets first (%global)
  std::vector<Subpackage> subpackages;
  std::vector<ChangelogEntry> changelog;    // newest first
  std::optional<oscar::Opkg> oscar;         // [oscar]: also make an OSCAR package
  JobResources resources;                   // [resources]: what its job asks a scheduler for

  std::string nevr() const;
};

}  // namespace ssi::recipe
