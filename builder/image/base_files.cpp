#include "image/base_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include "image/pam_profiles.hpp"
#include "util/fs.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

// Templates copied as they are, as these packages' postinst scripts do.
struct Copied {
  const char* target;
  const char* source;
  const char* package;
};
const Copied kCopied[] = {
    {"etc/passwd", "usr/share/base-passwd/passwd.master", "base-passwd"},
    {"etc/group", "usr/share/base-passwd/group.master", "base-passwd"},
    {"etc/nsswitch.conf", "usr/share/libc-bin/nsswitch.conf", "libc-bin"},
    {"etc/ssh/sshd_config", "usr/share/openssh/sshd_config", "openssh-server"},
};

// The first field of every line of a colon-separated file.
std::vector<std::string> names(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line.substr(0, line.find(':')));
  return out;
}

// The numeric id of a group in the image's /etc/group (0 when absent).
gid_t group_id(const std::string& group_text, const std::string& name) {
  std::istringstream lines(group_text);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with(name + ":")) {
      const auto second = line.find(':', line.find(':') + 1);
      return static_cast<gid_t>(std::atoi(line.c_str() + second + 1));
    }
  return 0;
}

Status write_new(const fs::path& root, const std::string& target, const std::string& text, mode_t mode, gid_t group = 0) {
  const fs::path file = root / target;
  if (auto ok = ensure_directory(file.parent_path()); !ok) return ok;
  if (auto ok = write_file_atomic(file, text); !ok) return ok;
  fs::permissions(file, static_cast<fs::perms>(mode));
  if (::geteuid() == 0 && ::chown(file.c_str(), 0, group) != 0)
    return step_failed(file.string() + ": cannot set its owner");
  return success();
}

}  // namespace

Expected<std::vector<MadeFile>> make_base_files(const fs::path& root, const std::string& hostname, std::int64_t epoch) {
  std::vector<MadeFile> made;
  std::error_code ec;
  auto missing = [&](const std::string& target) { return !fs::exists(fs::symlink_status(root / target, ec)); };
  for (const Copied& c : kCopied) {
    if (!missing(c.target)) continue;
    auto text = read_file(root / c.source);
    if (!text) continue;
    if (auto ok = write_new(root, c.target, *text, 0644); !ok) return ok.error();
    made.push_back({std::string("/") + c.target, std::string("/") + c.source + " (" + c.package + ")"});
  }
  // shadowconfig/pwconv of the passwd package: every account locked ("*"), changed "today".
  const auto passwd = read_file(root / "etc/passwd"), group = read_file(root / "etc/group");
  const std::string days = std::to_string(epoch / 86400);
  if (passwd && group && missing("etc/shadow") && fs::exists(root / "usr/sbin/pwconv")) {
    std::string shadow;
    for (const auto& user : names(*passwd)) shadow += user + ":*:" + days + ":0:99999:7:::\n";
    if (auto ok = write_new(root, "etc/shadow", shadow, 0640, group_id(*group, "shadow")); !ok) return ok.error();
    made.push_back({"/etc/shadow", "/etc/passwd, every account locked (as pwconv of passwd)"});
    std::string gshadow;
    for (const auto& g : names(*group)) gshadow += g + ":*::\n";
    if (auto ok = write_new(root, "etc/gshadow", gshadow, 0640, group_id(*group, "shadow")); !ok) return ok.error();
    made.push_back({"/etc/gshadow", "/etc/group (as grpconv of passwd)"});
  }
  if (missing("etc/hostname")) {
    if (auto ok = write_new(root, "etc/hostname", hostname + "\n", 0644); !ok) return ok.error();
    made.push_back({"/etc/hostname", "the image's name"});
  }
  for (const auto& [name, text] : pam_common_files(root)) {
    if (!missing("etc/pam.d/" + name)) continue;
    if (auto ok = write_new(root, "etc/pam.d/" + name, text, 0644); !ok) return ok.error();
    made.push_back({"/etc/pam.d/" + name, "/usr/share/pam/" + name + " and /usr/share/pam-configs (as pam-auth-update)"});
  }
  return made;
}

}  // namespace ssi::image
