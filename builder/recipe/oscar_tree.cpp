#include "recipe/oscar_tree.hpp"

#include "oscar/config_xml_writer.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace ssi::recipe {
namespace fs = std::filesystem;
namespace {

Status copy_if_changed(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (fs::exists(to, ec) && fs::file_size(to, ec) == fs::file_size(from, ec)) {
    auto a = read_file(from), b = read_file(to);
    if (a && b && *a == *b) return success();
  }
  return copy_file_atomic(from, to);
}

std::string relation(const std::string& name, const oscar::PackageRef& r) {
  return r.relation.empty() ? name : name + " " + r.relation + " " + r.version;
}

// OSCAR-level names map onto the meta-package of the same part: kernel_picker -> opkg-kernel_picker-client.
std::vector<std::string> mapped(const std::vector<oscar::PackageRef>& refs, std::string (*part)(const std::string&)) {
  std::vector<std::string> out;
  for (const auto& r : refs) out.push_back(relation(part(r.name), r));
  return out;
}

std::vector<std::string> plain(const std::vector<oscar::PackageRef>& refs, const oscar::Target& target) {
  std::vector<std::string> out;
  for (const auto& r : oscar::for_target(refs, target)) out.push_back(relation(r.name, r));
  return out;
}

void append(std::vector<std::string>& to, const std::vector<std::string>& more) { to.insert(to.end(), more.begin(), more.end()); }

Subpackage part(const Recipe& r, std::string (*name)(const std::string&), const oscar::DepsList& deps,
                const std::string& what, const oscar::Target& target) {
  const oscar::Opkg& p = *r.oscar;
  Subpackage s;
  s.name = name(p.name);
  s.summary = "OSCAR package " + p.name + ", " + what;
  s.arch = "noarch";
  s.relations.requires_ = {oscar::api_package(p.name) + " = %{version}-%{release}"};
  append(s.relations.requires_, plain(deps.requires_, target));
  append(s.relations.requires_, mapped(p.oscar.requires_, name));
  s.relations.conflicts = plain(deps.conflicts, target);
  append(s.relations.conflicts, mapped(p.oscar.conflicts, name));
  s.relations.provides = mapped(p.oscar.provides, name);
  return s;
}

}  // namespace

Expected<fs::path> write_oscar_tree(const Recipe& r, const fs::path& out, oscar::ConfigFormat format) {
  const oscar::Opkg& p = *r.oscar;
  const fs::path tree = out / p.name;
  for (const char* sub : {"scripts", "RPMS", "SRPMS", "doc", "testing"})
    if (auto ok = ensure_directory(tree / sub); !ok) return ok.error();
  const std::string xml = format == oscar::ConfigFormat::oscar4 ? oscar::render_config_xml_oscar4(p, r.version, r.release)
                                                                 : oscar::render_config_xml(p);
  if (auto ok = write_file_atomic(tree / "config.xml", xml); !ok) return ok.error();
  std::vector<std::string> problems;
  for (auto [folder, programs] : {std::pair{"scripts", &p.scripts}, std::pair{"testing", &p.testing}})
    for (const auto& [name, file] : *programs) {
      if (!fs::is_regular_file(r.dir / file)) {
        problems.push_back(r.file.string() + ": oscar." + folder + "." + name + ": " + (r.dir / file).string() + " does not exist");
        continue;
      }
      if (auto ok = copy_if_changed(r.dir / file, tree / folder / name); !ok) return ok.error();
      fs::permissions(tree / folder / name, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                      fs::perm_options::add);
    }
  if (!problems.empty()) {
    std::string all;
    for (const auto& line : problems) append_line(all, line);
    return bad_input(all);
  }
  return tree;
}

Status add_built_packages(const fs::path& tree, const std::vector<std::string>& outputs, const fs::path& repo) {
  for (const std::string& o : outputs) {
    const fs::path built = repo / o;
    const char* folder = o.ends_with(".src.rpm") ? "SRPMS" : "RPMS";
    if (auto ok = copy_if_changed(built, tree / folder / built.filename()); !ok) return ok;
  }
  return success();
}

Recipe meta_package_recipe(const Recipe& r, const fs::path& tree, const oscar::Target& target) {
  const oscar::Opkg& p = *r.oscar;
  Recipe meta;
  meta.dir = tree;
  // Not RPMS/ and SRPMS/: they change with the recipe's own packages, which the meta-packages do not hold.
  meta.key_files = {tree / "config.xml", tree / "scripts", tree / "testing"};
  meta.file = r.file;
  meta.name = oscar::api_package(p.name);
  meta.version = r.version;
  meta.release = r.release;
  meta.epoch = r.epoch;
  meta.summary = "OSCAR package " + p.name + ": " + p.summary;
  meta.description = p.description.empty() ? p.summary : p.description;
  meta.license = r.license;
  meta.url = r.url;
  meta.arch = "noarch";
  // Text files only: rpm's post-install steps (strip, compress man pages) would find nothing to do,
  // and zstd's level 19 spends its time setting up tables for a few KiB (three payloads built beside
  // the recipe's own): level 3 packs them as small.
  meta.spec_globals = {"__os_install_post %{nil}", "_binary_payload w3.zstdio", "_source_payload w3.zstdio"};
  const std::string dest = "$DESTDIR/usr/lib/oscar/packages/" + p.name;
  meta.install = "mkdir -p " + dest + "/scripts\ninstall -m 0644 %{_sourcedir}/config.xml " + dest + "/\n";
  for (const auto& [script, file] : p.scripts)
    meta.install += "install -m 0755 %{_sourcedir}/scripts/" + script + " " + dest + "/scripts/\n";
  // The tests go to the nodes with the package: `cluster test --suite NAME` runs testing/test_root there.
  for (const auto& [program, file] : p.testing)
    meta.install += "install -D -m 0755 %{_sourcedir}/testing/" + program + " " + dest + "/testing/" + program + "\n";

  Subpackage api;
  api.name = meta.name;
  api.summary = "OSCAR package " + p.name + ": configuration and API scripts";
  api.files = {"/usr/lib/oscar/packages/" + p.name};
  // opkg's rule: conflicts stay out of the API part, so it can always be installed.
  api.relations.requires_ = mapped(p.oscar.requires_, oscar::api_package);
  api.relations.provides = mapped(p.oscar.provides, oscar::api_package);
  // The common packages go to both parts.
  oscar::DepsList server = p.server, client = p.client;
  for (oscar::DepsList* side : {&server, &client})
    side->requires_.insert(side->requires_.end(), p.common.requires_.begin(), p.common.requires_.end());
  meta.subpackages = {api, part(r, oscar::server_package, server, "server part", target),
                      part(r, oscar::client_package, client, "client part", target)};
  meta.changelog = r.changelog;
  return meta;
}

}  // namespace ssi::recipe
