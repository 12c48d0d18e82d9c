#include "image/pam_profiles.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

#include "util/fs.hpp"
#include "util/root_path.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

struct Profile {
  std::string name;
  int priority = 0;
  bool enabled = false;
  bool interactive_only = false;
  std::map<std::string, std::string> fields;  // "Auth-Type" -> "Primary", "Auth" -> lines
};

// RFC 822-style fields; a value may continue on the following indented lines.
Profile parse_profile(const std::string& name, const std::string& text) {
  Profile p;
  p.name = name;
  std::istringstream lines(text);
  std::string key;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (!key.empty()) p.fields[key] += line + "\n";
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    key = line.substr(0, colon);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    p.fields[key] = value.empty() ? "" : value + "\n";
  }
  auto field = [&p](const std::string& k) {
    auto v = p.fields[k];
    while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
    return v;
  };
  p.enabled = field("Default") == "yes";
  p.interactive_only = field("Session-Interactive-Only") == "yes";
  const std::string priority = field("Priority");
  p.priority = priority.empty() ? 0 : std::atoi(priority.c_str());
  return p;
}

// The module lines of one block (Primary or Additional) of one type ("Auth").
std::vector<std::string> block(const std::vector<const Profile*>& profiles, const std::string& type, const std::string& kind) {
  std::vector<const Profile*> members;
  for (const Profile* p : profiles) {
    auto it = p->fields.find(type + "-Type");
    if (it != p->fields.end() && it->second.starts_with(kind)) members.push_back(p);
  }
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& f = members[i]->fields;
    std::string text;
    for (const std::string& variant : {i == 0 ? type + "-Initial" : "", i + 1 == members.size() ? type + "-Final" : "", type,
                                       type + "-Final", type + "-Initial"})
      if (!variant.empty() && f.contains(variant) && !f.at(variant).empty()) {
        text = f.at(variant);
        break;
      }
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
      if (line.find_first_not_of(" \t") != std::string::npos) lines.push_back(line.substr(line.find_first_not_of(" \t")));
  }
  return lines;
}

std::string with_type(const std::string& type, std::vector<std::string> lines, bool primary) {
  // No primary module: jump over the fallback's deny, as pam-auth-update does.
  if (primary && lines.empty()) return type + "\t[default=1]\t\t\tpam_permit.so\n";
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (primary)
      if (auto at = lines[i].find("success=end"); at != std::string::npos)
        lines[i].replace(at, 11, "success=" + std::to_string(lines.size() - i));
    out += type + "\t" + lines[i] + "\n";
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> pam_common_files(const fs::path& root) {
  std::map<std::string, std::string> files;
  const fs::path templates = in_root(root, "usr/share/pam"), configs = in_root(root, "usr/share/pam-configs");
  std::error_code ec;
  if (!fs::is_directory(templates, ec)) return files;
  std::vector<Profile> profiles;
  if (fs::is_directory(configs, ec))
    for (const auto& e : fs::directory_iterator(configs))
      if (auto text = read_file(e.path()); text && e.is_regular_file()) profiles.push_back(parse_profile(e.path().filename(), *text));
  std::sort(profiles.begin(), profiles.end(),
            [](const Profile& a, const Profile& b) { return a.priority != b.priority ? a.priority > b.priority : a.name < b.name; });
  std::vector<const Profile*> enabled, noninteractive;
  for (const auto& p : profiles)
    if (p.enabled) {
      enabled.push_back(&p);
      if (!p.interactive_only) noninteractive.push_back(&p);
    }
  std::map<std::string, std::string> blocks;
  for (const auto& [type, name] : {std::pair{"Auth", "auth"}, {"Account", "account"}, {"Password", "password"}, {"Session", "session"}}) {
    blocks["$" + std::string(name) + "_primary"] = with_type(name, block(enabled, type, "Primary"), true);
    blocks["$" + std::string(name) + "_additional"] = with_type(name, block(enabled, type, "Additional"), false);
  }
  blocks["$session_nonint_primary"] = with_type("session", block(noninteractive, "Session", "Primary"), true);
  blocks["$session_nonint_additional"] = with_type("session", block(noninteractive, "Session", "Additional"), false);
  for (const char* name : {"common-auth", "common-account", "common-password", "common-session", "common-session-noninteractive"}) {
    auto text = read_file(templates / name);
    if (!text) continue;
    std::istringstream lines(*text);
    std::string out;
    for (std::string line; std::getline(lines, line);) {
      auto it = blocks.find(line);
      out += it == blocks.end() ? line + "\n" : it->second;
    }
    files[name] = out;
  }
  return files;
}

}  // namespace ssi::image
