#include "debimport/deb_spec.hpp"

#include <optional>
#include <set>
#include <sstream>

#include "util/fs.hpp"

namespace ssi::debimport {
namespace fs = std::filesystem;
namespace {

std::string field(const DebPackage& deb, const std::string& name) {
  const auto it = deb.control.find(name);
  return it == deb.control.end() ? "" : it->second;
}

// %files takes a path literally when quoted, with '%' doubled.
std::string quoted(const std::string& path) {
  std::string out = "\"";
  for (char c : path) out += c == '%' ? std::string("%%") : std::string(1, c);
  return out + "\"";
}

std::string octal(unsigned mode) {
  std::ostringstream s;
  s << std::oct << (mode & 07777u);
  return std::string(4 - std::min<std::size_t>(4, s.str().size()), '0') + s.str();
}

Status add_relations(std::ostringstream& spec, const DebPackage& deb, const char* debian_field, const char* rpm_tag) {
  const std::string value = field(deb, debian_field);
  if (value.empty()) return success();
  auto relations = rpm_relations(value, deb.file.string() + ": " + debian_field);
  if (!relations) return relations.error();
  for (const auto& r : *relations) spec << rpm_tag << ": " << r << "\n";
  return success();
}

std::string description(const DebPackage& deb) {
  std::istringstream lines(field(deb, "Description"));
  std::string line, out;
  std::getline(lines, line);  // the summary
  while (std::getline(lines, line)) out += (line == "." ? "" : line) + "\n";
  return out.empty() ? field(deb, "Description") + "\n" : out;
}

// The package that ships /bin, /sbin, /lib and /lib64 as links into /usr (Debian 13).
constexpr const char* kUsrLinksPackage = "base-files";

// /bin/x -> /usr/bin/x (and /sbin, /lib, /lib64); the top folders themselves are /usr's already.
// Whether anything moved.
bool move_under_usr(DebPackage& deb) {
  auto moved_path = [](const std::string& path) -> std::optional<std::string> {
    for (const char* top : {"/bin", "/sbin", "/lib", "/lib64"})
      if (path == top || path.starts_with(std::string(top) + "/")) return "/usr" + path;
    return std::nullopt;
  };
  bool moved = false;
  std::set<std::string> seen;
  std::vector<DebEntry> kept;
  for (auto e : deb.entries) {
    const bool top_link = e.kind == DebEntry::Kind::symlink && moved_path(e.path) && e.path.find('/', 1) == std::string::npos;
    if (!top_link)
      if (auto to = moved_path(e.path)) {
        e.path = *to;
        moved = true;
        if (e.kind == DebEntry::Kind::hardlink)
          if (auto target = moved_path(e.link)) e.link = *target;
      }
    if (seen.insert(e.path).second) kept.push_back(std::move(e));
  }
  deb.entries = std::move(kept);
  return moved;
}

}  // namespace

std::string scripts_dir(const std::string& package) { return "/usr/share/ssi-oscar/debian-scripts/" + package; }

Expected<recipe::Recipe> deb_recipe(DebPackage deb, const fs::path& dir, const std::string& sha256, bool merged_usr) {
  const bool moved = merged_usr && move_under_usr(deb);
  const std::string name = field(deb, "Package");
  auto version = rpm_version(field(deb, "Version"));
  if (!version) return bad_input(deb.file.string() + ": " + version.error().message);
  recipe::Recipe r;
  r.dir = dir;
  r.file = deb.file;
  r.name = name;
  r.version = version->version;
  r.release = version->release;
  r.epoch = version->epoch;
  r.sources.push_back({deb.file.filename().string(), {sha256}, {}, {}, {}, 0});
  // Debian clamps file times to its changelog's date: the newest is the package's own date.
  std::int64_t newest = 1;
  for (const auto& e : deb.entries) newest = std::max(newest, e.mtime);
  r.source_date_epoch = newest;
  r.source_rpm = false;  // the .deb is the source: an SRPM would only wrap it again

  std::ostringstream s;
  const std::string summary = field(deb, "Description").substr(0, field(deb, "Description").find('\n'));
  s << "# Converted by ssi-oscar import deb from " << deb.file.filename().string() << ".\n";
  s << "Name: " << name << "\nVersion: " << r.version << "\nRelease: " << r.release << "\n";
  if (r.epoch) s << "Epoch: " << *r.epoch << "\n";
  s << "Summary: " << (summary.empty() ? name : summary) << "\n";
  s << "License: Distributable (see /usr/share/doc/" << name << "/copyright)\n";
  if (const auto home = field(deb, "Homepage"); !home.empty()) s << "URL: " << home << "\n";
  if (const auto section = field(deb, "Section"); !section.empty()) s << "Group: " << section << "\n";
  if (field(deb, "Architecture") == "all") s << "BuildArch: noarch\n";
  // The Debian relations are the package's dependencies; rpm's own scan would add others. Its
  // provides (library sonames) stay, so RPMs built here find their libraries among the imports.
  s << "AutoReq: no\nAutoProv: yes\nSource0: " << deb.file.filename().string() << "\n";
  for (const auto& [debian, tag] : {std::pair{"Pre-Depends", "Requires(pre)"}, std::pair{"Depends", "Requires"},
                                    std::pair{"Recommends", "Recommends"}, std::pair{"Suggests", "Suggests"},
                                    std::pair{"Enhances", "Enhances"}, std::pair{"Provides", "Provides"},
                                    std::pair{"Conflicts", "Conflicts"}, std::pair{"Breaks", "Conflicts"}})
    if (auto ok = add_relations(s, deb, debian, tag); !ok) return ok.error();
  // rpm marks every dynamically linked program as needing rtld(GNU_HASH); on Red Hat systems the
  // C library says it provides it. Here the package with the dynamic linker does.
  for (const auto& e : deb.entries)
    if (fs::path(e.path).filename().string().starts_with("ld-linux") && e.kind != DebEntry::Kind::dir) {
      s << "Provides: rtld(GNU_HASH)\n";
      break;
    }
  // The links into /usr come from base-files: in a merged-/usr target every package is installed
  // after it, so a scriptlet naming /sbin/ldconfig finds it (rpm orders by Requires(pre)).
  if (merged_usr && name != kUsrLinksPackage) s << "Requires(pre): " << kUsrLinksPackage << "\n";
  // Debian 12 and 13 are merged-/usr (/bin is a link to usr/bin); Debian 13's packages ship their
  // programs in /usr only, while rpm's scriptlet dependencies name /bin/sh and /sbin/ldconfig.
  for (const auto& e : deb.entries) {
    if (e.kind == DebEntry::Kind::dir) continue;
    const std::string path = e.path.starts_with(".") ? e.path.substr(1) : e.path;
    for (const char* dir : {"/usr/bin/", "/usr/sbin/"})
      if (path.starts_with(dir) && path.find('/', std::string_view(dir).size()) == std::string::npos &&
          path.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-[/") == std::string::npos)
        s << "Provides: " << path.substr(4) << "\n";
  }
  // Debian's Replaces lets a package take files over from another; the installer reads these.
  if (const auto replaces = field(deb, "Replaces"); !replaces.empty()) {
    auto relations = rpm_relations(replaces, deb.file.string() + ": Replaces");
    if (!relations) return relations.error();
    for (const auto& rel : *relations) s << "Provides: debian-replaces(" << rel.substr(0, rel.find(' ')) << ")\n";
  }
  // Keep the files exactly as Debian shipped them: no stripping, compressing or build-id links.
  s << "%global __os_install_post %{nil}\n%global _build_id_links none\n";
  // rpm 4.18 runs its ELF generator once per ELF file, each a fork of rpmbuild (5,400 of them for
  // Debian 13's compute closure, a quarter of the import's time). Libraries provide their sonames;
  // programs provide nothing, so it reads only the ELF files named like a library. Left out: the
  // soname of a library installed under another name, which the dynamic linker would not find by
  // it; the closure's 210 packages keep exactly the provides of a full scan.
  s << "%global __elf_path [.]so([.][^/]*)?$\n%global __elf_flags magic_and_path\n";
  // Debian's payloads are compressed already (kernel modules are .ko.xz): a light zstd level.
  s << "%global _binary_payload w3.zstdio\n";
  s << "\n%description\n" << description(deb);
  s << "\n%prep\n\n%build\n\n%install\nmkdir -p %{buildroot}\n"
    << "dpkg-deb --fsys-tarfile %{SOURCE0} | tar -x -C %{buildroot}\n";
  if (moved)
    s << "for d in bin sbin lib lib64; do\n"
         "  if [ -d %{buildroot}/$d ] && [ ! -L %{buildroot}/$d ]; then\n"
         "    mkdir -p %{buildroot}/usr/$d && cp -a %{buildroot}/$d/. %{buildroot}/usr/$d/ && rm -rf %{buildroot}/$d\n"
         "  fi\n"
         "done\n";
  if (auto ok = ensure_directory(dir); !ok) return ok.error();
  if (!deb.scripts.empty()) {
    s << "mkdir -p %{buildroot}" << scripts_dir(name) << "\n";
    if (auto ok = ensure_directory(dir / "debian-scripts"); !ok) return ok.error();
    for (const auto& [script, text] : deb.scripts) {
      if (auto ok = write_file_atomic(dir / "debian-scripts" / script, text); !ok) return ok.error();
      s << "install -m 0644 %{_sourcedir}/debian-scripts/" << script << " %{buildroot}" << scripts_dir(name) << "/\n";
    }
  }

  s << "\n%files\n";
  const std::set<std::string> conffiles(deb.conffiles.begin(), deb.conffiles.end());
  for (const auto& e : deb.entries) {
    const std::string attr = e.kind == DebEntry::Kind::symlink ? "%attr(-," + e.owner + "," + e.group + ") "
                                                                 : "%attr(" + octal(e.mode) + "," + e.owner + "," + e.group + ") ";
    if (e.kind == DebEntry::Kind::dir) s << "%dir ";
    else if (conffiles.count(e.path)) s << "%config(noreplace) ";
    s << attr << quoted(e.path) << "\n";
  }
  if (!deb.scripts.empty()) s << "%attr(0755,root,root) " << quoted(scripts_dir(name)) << "\n";
  r.spec_text = s.str();
  return r;
}

}  // namespace ssi::debimport
