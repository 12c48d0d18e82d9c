#pragma once
// A Debian package as an RPM spec: the same files with their modes and owners, conffiles as
// %config(noreplace), relations translated, maintainer scripts kept as data (not run: see
// docs/debian-import.md).
#include <filesystem>
#include <string>

#include "debimport/deb_reader.hpp"
#include "recipe/recipe.hpp"
#include "util/error.hpp"

namespace ssi::debimport {

// Where the maintainer scripts of package NAME go in the RPM.
std::string scripts_dir(const std::string& package);

// A recipe whose spec_text builds the RPM; `dir` is the recipe's own folder (it receives the
// maintainer scripts), `sha256` the .deb's checksum (its only source). `merged_usr`: the target's
// /bin, /sbin, /lib and /lib64 are links into /usr (Debian 13's base-files ships them), so what a
// package of an older release ships there moves under /usr, where dpkg would put it through the
// links (rpm refuses a directory where another package has a link).
Expected<recipe::Recipe> deb_recipe(DebPackage deb, const std::filesystem::path& dir, const std::string& sha256,
                                    bool merged_usr = false);

}  // namespace ssi::debimport
