#include "image/base_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "image/debian_scripts.hpp"
#include "image/pam_profiles.hpp"
#include "util/fs.hpp"
#include "util/root_path.hpp"

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
  const fs::path file = in_root(root, target);
  if (auto ok = ensure_directory(file.parent_path()); !ok) return ok;
  if (auto ok = write_file_atomic(file, text); !ok) return ok;
  fs::permissions(file, static_cast<fs::perms>(mode));
  if (::geteuid() == 0 && ::chown(file.c_str(), 0, group) != 0)
    return step_failed(file.string() + ": cannot set its owner");
  return success();
}

// The numeric ids (third field) of a passwd or group file.
std::vector<long> ids(const std::string& text) {
  std::vector<long> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string name, password, id;
    if (std::getline(fields, name, ':') && std::getline(fields, password, ':') && std::getline(fields, id, ':'))
      out.push_back(std::atol(id.c_str()));
  }
  return out;
}

// adduser --system takes the first free id from 100 on.
long first_free(const std::vector<long>& taken) {
  long id = 100;
  while (std::find(taken.begin(), taken.end(), id) != taken.end()) ++id;
  return id;
}

Status add_accounts(const fs::path& root, std::vector<MadeFile>& made) {
  auto passwd = read_file(in_root(root, "etc/passwd")), group = read_file(in_root(root, "etc/group"));
  if (!passwd || !group) return success();
  bool changed = false;
  for (const auto& a : declared_accounts(root)) {
    const auto users = names(*passwd);
    if (std::find(users.begin(), users.end(), a.name) != users.end()) continue;
    gid_t gid = a.group.empty() ? 65534 : group_id(*group, a.group);
    if (a.own_group) {
      gid = static_cast<gid_t>(first_free(ids(*group)));
      *group += a.name + ":x:" + std::to_string(gid) + ":\n";
    }
    *passwd += a.name + ":x:" + std::to_string(first_free(ids(*passwd))) + ":" + std::to_string(gid) + "::" + a.home + ":" +
               a.shell + "\n";
    made.push_back({"account " + a.name, a.package + "'s " + a.declared_by});
    changed = true;
  }
  if (!changed) return success();
  if (auto ok = write_file_atomic(in_root(root, "etc/passwd"), *passwd); !ok) return ok;
  return write_file_atomic(in_root(root, "etc/group"), *group);
}

// update-alternatives --install: the highest priority whose target the image has wins; the
// link points at /etc/alternatives/NAME, which points at the target.
Status add_alternatives(const fs::path& root, std::vector<MadeFile>& made) {
  std::vector<Alternative> chosen;
  for (auto& a : declared_alternatives(root)) {
    if (!fs::exists(in_root(root, a.path))) continue;
    auto same = std::find_if(chosen.begin(), chosen.end(), [&](const Alternative& c) { return c.name == a.name; });
    if (same == chosen.end()) chosen.push_back(a);
    else if (a.priority > same->priority) *same = a;
  }
  std::error_code ec;
  for (const auto& a : chosen) {
    std::vector<Alternative> links = a.slaves;
    links.insert(links.begin(), a);
    for (const auto& l : links) {
      const fs::path link = in_root(root, l.link, FinalLink::keep), alternative = in_root(root, "etc/alternatives") / l.name;
      if (!l.link.starts_with("/") || fs::exists(fs::symlink_status(link, ec)) || !fs::exists(in_root(root, l.path))) continue;
      fs::create_directories(alternative.parent_path(), ec);
      fs::create_directories(link.parent_path(), ec);
      fs::remove(alternative, ec);
      fs::create_symlink(l.path, alternative, ec);
      if (!ec) fs::create_symlink("/etc/alternatives/" + l.name, link, ec);
      if (ec) return step_failed(link.string() + ": cannot make the alternative's link: " + ec.message());
    }
    made.push_back({a.link, a.path + " (" + a.package + "'s postinst: update-alternatives, priority " +
                                std::to_string(a.priority) + ")"});
  }
  return success();
}

}  // namespace

Expected<std::vector<MadeFile>> make_base_files(const fs::path& root, const std::string& hostname, std::int64_t epoch) {
  std::vector<MadeFile> made;
  std::error_code ec;
  auto missing = [&](const std::string& target) { return !fs::exists(fs::symlink_status(in_root(root, target, FinalLink::keep), ec)); };
  for (const Copied& c : kCopied) {
    if (!missing(c.target)) continue;
    auto text = read_file(in_root(root, c.source));
    if (!text) continue;
    if (auto ok = write_new(root, c.target, *text, 0644); !ok) return ok.error();
    made.push_back({std::string("/") + c.target, std::string("/") + c.source + " (" + c.package + ")"});
  }
  if (auto ok = add_accounts(root, made); !ok) return ok.error();
  if (auto ok = add_alternatives(root, made); !ok) return ok.error();
  // shadowconfig/pwconv of the passwd package: every account locked ("*"), changed "today".
  const auto passwd = read_file(in_root(root, "etc/passwd")), group = read_file(in_root(root, "etc/group"));
  const std::string days = std::to_string(epoch / 86400);
  if (passwd && group && missing("etc/shadow") && fs::exists(in_root(root, "usr/sbin/pwconv"))) {
    std::string shadow;
    for (const auto& user : names(*passwd)) shadow += user + ":*:" + days + ":0:99999:7:::\n";
    if (auto ok = write_new(root, "etc/shadow", shadow, 0640, group_id(*group, "shadow")); !ok) return ok.error();
    made.push_back({"/etc/shadow", "/etc/passwd, every account locked (as pwconv of passwd)"});
    std::string gshadow;
    for (const auto& g : names(*group)) gshadow += g + ":*::\n";
    if (auto ok = write_new(root, "etc/gshadow", gshadow, 0640, group_id(*group, "shadow")); !ok) return ok.error();
    made.push_back({"/etc/gshadow", "/etc/group (as grpconv of passwd)"});
  }
  if (missing("etc/mtab") && fs::is_directory(in_root(root, "etc"))) {  // mount(8) reads it; init systems make the link
    fs::create_symlink("../proc/self/mounts", in_root(root, "etc/mtab", FinalLink::keep), ec);
    if (ec) return step_failed((root / "etc/mtab").string() + ": " + ec.message());
    made.push_back({"/etc/mtab", "a link to ../proc/self/mounts (as Debian's init systems make it)"});
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
