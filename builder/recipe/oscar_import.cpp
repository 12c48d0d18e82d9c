#include "recipe/oscar_import.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "util/fs.hpp"

namespace ssi::recipe {
namespace fs = std::filesystem;
namespace {

// Filtered blocks become { dist, arch, packages } tables, unfiltered packages plain strings.
toml::array refs_array(const std::vector<oscar::PackageRef>& refs) {
  toml::array out;
  for (std::size_t i = 0; i < refs.size();) {
    auto spelled = [](const oscar::PackageRef& r) {
      return r.relation.empty() ? r.name : r.name + " " + r.relation + " " + r.version;
    };
    if (refs[i].dists.empty() && refs[i].archs.empty()) {
      out.push_back(spelled(refs[i++]));
      continue;
    }
    toml::table group;
    toml::array dists, archs, packages;
    for (const auto& d : refs[i].dists) dists.push_back(d);
    for (const auto& a : refs[i].archs) archs.push_back(a);
    std::size_t j = i;
    for (; j < refs.size() && refs[j].dists == refs[i].dists && refs[j].archs == refs[i].archs; ++j)
      packages.push_back(spelled(refs[j]));
    if (!dists.empty()) group.insert("dist", dists);
    if (!archs.empty()) group.insert("arch", archs);
    group.insert("packages", packages);
    out.push_back(group);
    i = j;
  }
  return out;
}

void insert_refs(toml::table& t, const char* key, const std::vector<oscar::PackageRef>& refs) {
  if (!refs.empty()) t.insert(key, refs_array(refs));
}

std::string today_utc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date{days};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(date.year()), unsigned(date.month()), unsigned(date.day()));
  return text;
}

}  // namespace

std::string render_oscar_recipe(const oscar::ReadPackage& read, const std::vector<std::string>& scripts,
                                const std::string& changelog_date) {
  const oscar::Opkg& p = read.opkg;
  toml::table package{{"name", p.name},
                      {"version", read.version.empty() ? "1.0" : read.version},
                      {"release", read.release.empty() ? "1" : read.release},
                      {"summary", p.summary.empty() ? p.name : p.summary},
                      {"license", p.license.empty() ? "unknown" : p.license},
                      {"arch", "noarch"}};
  if (!p.uri.empty()) package.insert("url", p.uri);

  toml::table oscar{{"class", p.class_}, {"group", p.group}, {"license", p.license}};
  if (!p.description.empty()) oscar.insert("description", p.description);
  toml::array authors;
  for (const auto& a : p.authors) authors.push_back(toml::table{{"name", a.name}, {"email", a.email}, {"cat", a.category}});
  oscar.insert("authors", authors);
  insert_refs(oscar, "requires", p.oscar.requires_);
  insert_refs(oscar, "conflicts", p.oscar.conflicts);
  insert_refs(oscar, "provides", p.oscar.provides);
  insert_refs(oscar, "server", p.server.requires_);
  insert_refs(oscar, "client", p.client.requires_);
  insert_refs(oscar, "common", p.common.requires_);
  if (!scripts.empty()) {
    toml::table table;
    for (const auto& s : scripts) table.insert(s, "scripts/" + s);
    oscar.insert("scripts", table);
  }

  toml::array changelog;
  for (const auto& c : p.changelog) {
    std::string text;
    for (const auto& item : c.items) text += (text.empty() ? "- " : "\n- ") + item;
    changelog.push_back(toml::table{{"date", c.date.substr(0, 10)}, {"author", c.author}, {"version", c.version}, {"text", text}});
  }
  if (changelog.empty())
    changelog.push_back(toml::table{{"date", changelog_date}, {"author", p.authors.empty() ? "unknown" : p.authors.front().name},
                                    {"text", "- Imported from an OSCAR 4 package description."}});

  toml::table recipe{{"package", package}, {"oscar", oscar}, {"changelog", changelog}};
  std::ostringstream out;
  out << "# Imported by `ssi-oscar oscar import` from an " << oscar::format_name(read.format)
      << " package description: an OSCAR package of distribution packages.\n"
      << recipe << "\n";
  return out.str();
}

Expected<oscar::ReadPackage> read_oscar_tree(const fs::path& tree) {
  const fs::path file = fs::is_directory(tree) ? tree / "config.xml" : tree;
  if (!fs::is_regular_file(file)) return bad_input(file.string() + ": no such file (an OSCAR package folder expected)");
  const fs::path folder = fs::is_directory(tree) ? tree : tree.parent_path();
  return oscar::read_config_xml(file, fs::absolute(folder).lexically_normal().filename().string());
}

Expected<oscar::ReadPackage> import_oscar_tree(const fs::path& tree, const fs::path& out) {
  auto read = read_oscar_tree(tree);
  if (!read) return read.error();
  std::vector<std::string> scripts;
  if (fs::is_directory(tree / "scripts"))
    for (const auto& e : fs::directory_iterator(tree / "scripts"))
      if (e.is_regular_file()) scripts.push_back(e.path().filename().string());
  std::sort(scripts.begin(), scripts.end());
  if (auto ok = ensure_directory(out / "scripts"); !ok) return ok.error();
  for (const auto& s : scripts) {
    std::error_code ec;
    fs::copy_file(tree / "scripts" / s, out / "scripts" / s, fs::copy_options::overwrite_existing, ec);
    if (ec) return step_failed((out / "scripts" / s).string() + ": cannot write: " + ec.message());
  }
  if (auto ok = write_file_atomic(out / "recipe.toml", render_oscar_recipe(*read, scripts, today_utc())); !ok)
    return ok.error();
  return read;
}

}  // namespace ssi::recipe
