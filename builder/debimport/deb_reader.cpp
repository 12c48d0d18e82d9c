#include "debimport/deb_reader.hpp"

#include <sstream>

#include "util/archive_handles.hpp"
#include "util/archive_safety.hpp"
#include "util/text.hpp"

namespace ssi::debimport {
namespace fs = std::filesystem;
namespace {

// The members of the outer ar archive that matter, read whole (control is small; data is the
// package's payload, read once).
struct Members {
  std::string debian_binary, control, data;
};

Expected<Members> read_members(const fs::path& file) {
  ArchiveReader a(archive_read_new());
  archive_read_support_format_ar(a.get());
  if (archive_read_open_filename(a.get(), file.c_str(), 1 << 16) != ARCHIVE_OK)
    return bad_input(file.string() + ": not a Debian package: " + archive_message(a.get()));
  Members m;
  archive_entry* entry = nullptr;
  int rc = ARCHIVE_OK;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    const std::string name = archive_entry_pathname(entry);
    std::string* target = name == "debian-binary"            ? &m.debian_binary
                          : name.starts_with("control.tar") ? &m.control
                          : name.starts_with("data.tar")    ? &m.data
                                                            : nullptr;
    if (!target) continue;
    target->resize(static_cast<std::size_t>(archive_entry_size(entry)));
    if (archive_read_data(a.get(), target->data(), target->size()) != static_cast<la_ssize_t>(target->size()))
      return bad_input(file.string() + ": damaged member " + name + ": " + archive_message(a.get()));
  }
  if (rc != ARCHIVE_EOF) return bad_input(file.string() + ": damaged Debian package: " + archive_message(a.get()));
  if (!m.debian_binary.starts_with("2.")) return bad_input(file.string() + ": not a Debian binary package (no debian-binary 2.x)");
  if (m.control.empty() || m.data.empty()) return bad_input(file.string() + ": control.tar or data.tar is missing");
  return m;
}

// Walks a (compressed) tar held in memory; `visit` gets each entry and reads its data if it wants.
template <typename Visit>
Status walk_tar(const std::string& bytes, const std::string& where, Visit visit) {
  ArchiveReader a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    return bad_input(where + ": " + archive_message(a.get()));
  archive_entry* entry = nullptr;
  int rc = ARCHIVE_OK;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) visit(a.get(), entry);
  if (rc != ARCHIVE_EOF) return bad_input(where + ": damaged: " + archive_message(a.get()));
  return success();
}

std::string entry_path(archive_entry* e) {
  const std::string raw = archive_entry_pathname(e);
  std::string p;
  if (!raw.starts_with("/")) p.push_back('/');
  p.append(raw.starts_with("./") ? raw.substr(2) : raw);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

ArchiveMember member(archive_entry* e) {
  ArchiveMember m{archive_entry_pathname(e), ArchiveMember::Kind::file, ""};
  const auto type = archive_entry_filetype(e);
  if (const char* hard = archive_entry_hardlink(e)) {
    m.kind = ArchiveMember::Kind::hardlink;
    m.link = hard;
  } else if (type == AE_IFDIR) {
    m.kind = ArchiveMember::Kind::dir;
  } else if (type == AE_IFLNK) {
    m.kind = ArchiveMember::Kind::symlink;
    m.link = archive_entry_symlink(e);
  } else if (type != AE_IFREG) {
    m.kind = ArchiveMember::Kind::device;
  }
  return m;
}

std::string read_text(archive* a, archive_entry* e) {
  std::string text(static_cast<std::size_t>(archive_entry_size(e)), '\0');
  const auto n = archive_read_data(a, text.data(), text.size());
  text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return text;
}

}  // namespace

Expected<DebPackage> read_deb(const fs::path& file) {
  auto members = read_members(file);
  if (!members) return members.error();
  DebPackage deb;
  deb.file = file;
  std::string control_text;
  auto control = walk_tar(members->control, file.string() + ": control.tar", [&](archive* a, archive_entry* e) {
    const std::string name = fs::path(entry_path(e)).filename().string();
    if (archive_entry_filetype(e) != AE_IFREG) return;
    if (name == "control") control_text = read_text(a, e);
    else if (name == "conffiles") {
      std::istringstream lines(read_text(a, e));
      for (std::string line; std::getline(lines, line);)
        if (line.starts_with("/")) deb.conffiles.push_back(line);
        else if (line.starts_with("remove-on-upgrade ")) continue;
    } else if (name != "md5sums" && name != "shlibs" && name != "symbols") {
      deb.scripts[name] = read_text(a, e);
    }
  });
  if (!control) return control.error();
  if (control_text.empty()) return bad_input(file.string() + ": control.tar holds no control file");
  auto fields = parse_control(control_text, file.string() + ": control");
  if (!fields) return fields.error();
  deb.control = std::move(fields).value();

  std::vector<ArchiveMember> listed;
  auto data = walk_tar(members->data, file.string() + ": data.tar", [&](archive*, archive_entry* e) {
    listed.push_back(member(e));
    DebEntry d;
    d.path = entry_path(e);
    if (d.path == "/") return;
    d.mode = static_cast<unsigned>(archive_entry_perm(e)) | (static_cast<unsigned>(archive_entry_mode(e)) & 07000u);
    if (const char* u = archive_entry_uname(e); u && *u) d.owner = u;
    if (const char* g = archive_entry_gname(e); g && *g) d.group = g;
    d.size = static_cast<std::uint64_t>(archive_entry_size(e));
    d.mtime = archive_entry_mtime(e);
    d.link = listed.back().link;
    switch (listed.back().kind) {
      case ArchiveMember::Kind::dir: d.kind = DebEntry::Kind::dir; break;
      case ArchiveMember::Kind::symlink: d.kind = DebEntry::Kind::symlink; break;
      case ArchiveMember::Kind::hardlink: d.kind = DebEntry::Kind::hardlink; break;
      default: d.kind = DebEntry::Kind::file;  // devices are refused below
    }
    deb.entries.push_back(std::move(d));
  });
  if (!data) return data.error();
  // Nothing of a package with a member that could land outside the image root is converted.
  std::string problems;
  for (const auto& why : unsafe_members(listed))
    append_line(problems, file.string() + ": package " + deb.control.at("Package") + ": data.tar: " + why);
  if (!problems.empty()) return bad_input(problems);
  return deb;
}

}  // namespace ssi::debimport
