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
// maintainer scripts), `sha256` the .deb's checksum (its only source).
Expected<recipe::Recipe> deb_recipe(const DebPackage& deb, const std::filesystem::path& dir, const std::string& sha256);

}  // namespace ssi::debimport
