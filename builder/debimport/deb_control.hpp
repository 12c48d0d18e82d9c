#pragma once
// Debian's control data and how it maps to RPM: versions ([epoch:]upstream[-revision]),
// relation fields ("a (>= 1), b | c, d:any") and architectures.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::debimport {

// A control paragraph: field name -> value (continuation lines joined with '\n').
using ControlFields = std::map<std::string, std::string>;
Expected<ControlFields> parse_control(const std::string& text, const std::string& where);

struct RpmVersion {
  std::optional<int> epoch;
  std::string version, release;  // release "0" for a native package (no revision)
  std::string evr() const;       // "1:2.36-9+deb12u4"
};
// Ordering is kept: rpm compares epoch, then version, then release, as dpkg does.
Expected<RpmVersion> rpm_version(const std::string& debian_version);

// One Depends-style field as RPM dependencies: alternatives become "(a or b)", arch qualifiers
// and [arch] restrictions are dropped, << and >> become < and >.
Expected<std::vector<std::string>> rpm_relations(const std::string& field, const std::string& where);

// "all" -> "noarch", "amd64" -> "x86_64", "i386" -> "i686", "arm64" -> "aarch64".
std::string rpm_arch(const std::string& debian_arch);

}  // namespace ssi::debimport
