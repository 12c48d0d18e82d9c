#include "debimport/deb_control.hpp"

#include <regex>
#include <sstream>
#include "util/text.hpp"

namespace ssi::debimport {
namespace {

std::vector<std::string> split(const std::string& s, char separator) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, separator)) out.push_back(trim(item));
  return out;
}

// "name:any (>= 1.0) [amd64]" -> "name >= 1.0"
Expected<std::string> one_relation(const std::string& text, const std::string& where) {
  static const std::regex relation(R"(([A-Za-z0-9][A-Za-z0-9.+-]*)(:[a-z0-9]+)?\s*(\(\s*(<<|<=|=|>=|>>|<|>)\s*([^)\s]+)\s*\))?\s*(\[[^\]]*\])?\s*(<[^>]*>\s*)*)");
  std::smatch m;
  if (!std::regex_match(text, m, relation)) return bad_input(where + ": \"" + text + "\" is not a Debian relation");
  std::string out = m[1];
  if (m[3].matched) {
    std::string op = m[4];
    if (op == "<<") op = "<";
    else if (op == ">>") op = ">";
    auto version = rpm_version(m[5]);
    if (!version) return bad_input(where + ": " + version.error().message);
    // Without a revision, dpkg compares against an empty revision, older than any other; rpm
    // leaves the release out of the comparison. Equal for >=, < and =; for > and <= the empty
    // revision is written out as release "0" (what a native package gets, and older than "1").
    const bool has_revision = std::string(m[5]).find('-') != std::string::npos;
    const std::string upstream = (version->epoch ? std::to_string(*version->epoch) + ":" : "") + version->version;
    const std::string v = has_revision ? version->evr() : (op == ">" || op == "<=") ? upstream + "-0" : upstream;
    out += " " + op + " " + v;
  }
  return out;
}

}  // namespace

Expected<ControlFields> parse_control(const std::string& text, const std::string& where) {
  ControlFields fields;
  std::string current;
  std::istringstream lines(text);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (line.empty()) continue;
    if (line[0] == ' ' || line[0] == '\t') {
      if (current.empty()) return bad_input(where + ":" + std::to_string(number) + ": continuation line before any field");
      fields[current] += "\n" + line.substr(1);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return bad_input(where + ":" + std::to_string(number) + ": not a control field");
    current = line.substr(0, colon);
    fields[current] = trim(line.substr(colon + 1));
  }
  for (const char* required : {"Package", "Version", "Architecture"})
    if (!fields.count(required)) return bad_input(where + ": control field " + std::string(required) + " is missing");
  // Debian's rule for package names; the name becomes folder and file names of the conversion,
  // so "../x" or a name of the tool's own staging folders never reaches the file system.
  static const std::regex package_name("[a-z0-9][a-z0-9+.-]+");
  if (!std::regex_match(fields["Package"], package_name))
    return bad_input(where + ": control field Package: \"" + fields["Package"] +
                     "\" is not a Debian package name (a-z, 0-9, '+', '-', '.'; two or more, starting alphanumeric)");
  return fields;
}

std::string RpmVersion::evr() const {
  return (epoch ? std::to_string(*epoch) + ":" : "") + version + "-" + release;
}

Expected<RpmVersion> rpm_version(const std::string& debian) {
  static const std::regex shape(R"((?:([0-9]+):)?([0-9][A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?)");
  std::smatch m;
  if (!std::regex_match(debian, m, shape)) return bad_input("version \"" + debian + "\" is not a Debian version");
  RpmVersion v;
  if (m[1].matched) {
    const auto epoch = parse_number(m[1].str());
    if (!epoch || *epoch > 1000000) return bad_input("version \"" + debian + "\": the epoch is out of range");
    v.epoch = static_cast<int>(*epoch);
  }
  v.version = m[2];
  for (char& c : v.version)
    if (c == '-' || c == ':') c = '_';  // rpm allows neither inside a version
  v.release = m[3].matched ? std::string(m[3]) : "0";
  return v;
}

Expected<std::vector<std::string>> rpm_relations(const std::string& field, const std::string& where) {
  std::vector<std::string> out;
  std::string flat = field;
  for (char& c : flat)
    if (c == '\n') c = ' ';
  for (const auto& item : split(flat, ',')) {
    if (item.empty()) continue;
    std::vector<std::string> alternatives;
    for (const auto& alternative : split(item, '|')) {
      auto r = one_relation(alternative, where);
      if (!r) return r.error();
      alternatives.push_back(*r);
    }
    if (alternatives.size() == 1) {
      out.push_back(alternatives[0]);
      continue;
    }
    std::string rich = "(";
    for (std::size_t i = 0; i < alternatives.size(); ++i) rich += (i ? " or " : "") + alternatives[i];
    out.push_back(rich + ")");
  }
  return out;
}

std::string rpm_arch(const std::string& debian_arch) {
  static const std::map<std::string, std::string> arches = {
      {"all", "noarch"}, {"amd64", "x86_64"}, {"i386", "i686"}, {"arm64", "aarch64"}, {"armhf", "armv7hl"}, {"ppc64el", "ppc64le"}};
  const auto it = arches.find(debian_arch);
  return it == arches.end() ? debian_arch : it->second;
}

}  // namespace ssi::debimport
