#include "recipe/recipe_parser.hpp"

#include <regex>
#include <sstream>

#include "util/definition_values.hpp"
#include "util/toml_fields.hpp"
#include "util/fs.hpp"

namespace ssi::recipe {
namespace fs = std::filesystem;
namespace {

const std::regex kVersion("[A-Za-z0-9._+~^]+");  // rpm forbids '-' in version and release
const std::regex kHex64("[0-9a-f]{64}");
const std::regex kHex32("[0-9a-f]{32}");
const std::regex kDate("[0-9]{4}-[0-9]{2}-[0-9]{2}");
const std::set<std::string> kScriptlets = {"pre", "post", "preun", "postun"};

void check(Fields& f, const std::string& key, const std::string& value, const std::regex& pattern,
           const std::string& what) {
  if (!value.empty() && !std::regex_match(value, pattern)) f.problems().add(f.line_of(key), f.path() + "." + key, what);
}

void check_all(Fields& f, const std::string& key, const std::vector<std::string>& values, const std::regex& pattern,
               const std::string& what) {
  for (const auto& v : values) check(f, key, v, pattern, what + " (got \"" + v + "\")");
}

void read_package(Fields& f, Recipe& r) {
  r.name = f.text("name", Required::yes);
  check_plain_name(f, "name", r.name);
  r.version = f.text("version", Required::yes);
  check(f, "version", r.version, kVersion, "no '-' or spaces (rpm's rule)");
  if (const std::string release = f.text("release"); !release.empty()) r.release = release;
  check(f, "release", r.release, kVersion, "no '-' or spaces (rpm's rule)");
  r.epoch = f.integer("epoch");
  r.summary = f.text("summary", Required::yes);
  r.description = f.text("description");
  r.license = f.text("license", Required::yes);
  r.url = f.text("url");
  r.arch = f.text("arch");
}

}  // namespace

void read_sources(Fields& f, Recipe& r) {
  const auto tables = f.tables("source");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    Fields s(*tables[i], "source[" + std::to_string(i) + "]", f.problems());
    Source source{s.text("file", Required::yes), s.texts("sha256"), s.texts("md5"), s.texts("stand_in_sha256"),
                  s.text("installed_by"), s.line()};
    check_all(s, "stand_in_sha256", source.stand_in_sha256, kHex64, "64 lowercase hex digits");
    check_all(s, "sha256", source.sha256, kHex64, "64 lowercase hex digits");
    check_all(s, "md5", source.md5, kHex32, "32 lowercase hex digits");
    if (source.sha256.empty() && source.md5.empty() && source.stand_in_sha256.empty() && source.installed_by.empty())
      f.problems().add(s.line(), s.path(), "needs a sha256 (or, for a legacy tarball, an md5; or installed_by)");
    r.sources.push_back(std::move(source));
  }
  const auto patches = f.tables("patch");
  for (std::size_t i = 0; i < patches.size(); ++i) {
    Fields p(*patches[i], "patch[" + std::to_string(i) + "]", f.problems());
    Patch patch{p.text("file", Required::yes), p.texts("sha256", Required::yes), p.integer("strip").value_or(1), p.line()};
    check_all(p, "sha256", patch.sha256, kHex64, "64 lowercase hex digits");
    r.patches.push_back(std::move(patch));
  }
}

namespace {

void read_build(Fields& f, Recipe& r) {
  const toml::table* table = f.table("build");
  if (!table) return;
  Fields b(*table, "build", f.problems());
  r.build_requires = b.texts("requires");
  r.build_tools = b.texts("tools");
  r.prep = b.text("prep");
  r.build = b.text("build");
  r.install = b.text("install");
  r.check = b.text("check");
  r.spec = b.text("spec");
  if (!r.spec.empty() && !(r.prep + r.build + r.install + r.check).empty())
    f.problems().add(b.line_of("spec"), "build.spec", "a recipe names its own spec or gives steps, not both");
}

Relations read_relations(Fields& f) {
  return {f.texts("requires"), f.texts("provides"), f.texts("conflicts"), f.texts("obsoletes"), f.texts("recommends")};
}

}  // namespace

void read_subpackages(Fields& f, Recipe& r) {
  const auto tables = f.tables("subpackage");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    Fields s(*tables[i], "subpackage[" + std::to_string(i) + "]", f.problems());
    Subpackage sub;
    sub.name = s.text("name", Required::yes);
    check_plain_name(s, "name", sub.name);
    sub.summary = s.text("summary", Required::yes);
    sub.description = s.text("description");
    sub.arch = s.text("arch");
    sub.files = s.texts("files");
    sub.config = s.texts("config");
    sub.dirs = s.texts("dirs");
    sub.docs = s.texts("docs");
    sub.relations = read_relations(s);
    if (const toml::table* scripts = s.table("scripts")) {
      for (const auto& [key, node] : *scripts) {
        const std::string k(key.str());
        const int line = static_cast<int>(node.source().begin.line);
        if (!kScriptlets.count(k)) s.problems().add(line, s.path() + ".scripts." + k, "unknown scriptlet (pre, post, preun, postun)");
        else if (const auto* text = node.as_string()) sub.scripts[k] = text->get();
        else s.problems().add(line, s.path() + ".scripts." + k, "must be a string");
      }
    }
    r.subpackages.push_back(std::move(sub));
  }
}

void read_changelog(Fields& f, Recipe& r) {
  const auto tables = f.tables("changelog");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    Fields c(*tables[i], "changelog[" + std::to_string(i) + "]", f.problems());
    ChangelogEntry e{c.text("date", Required::yes), c.text("author", Required::yes), c.text("version"),
                     c.text("text", Required::yes)};
    check(c, "date", e.date, kDate, "YYYY-MM-DD");
    r.changelog.push_back(std::move(e));
  }
  if (r.changelog.empty())
    f.problems().add(f.line(), "changelog", "at least one [[changelog]] entry is required (it dates reproducible builds)");
}

namespace {

const std::set<std::string> kOscarClasses = {"core", "base", "included", "third-party"};
// The licence names OSCAR's opkg schema accepts.
const std::set<std::string> kOscarLicenses = {"GPL", "LGPL", "PBS license (see PBS_License.txt)",
                                              "Freely distributable", "Maui license", "BSD", "SISSL"};
const std::set<std::string> kAuthorCategories = {"upstream", "maintainer", "uploader"};

// "kernel_picker" or "kernel_picker >= 1.0"
oscar::PackageRef package_ref(const std::string& text) {
  std::istringstream words(text);
  oscar::PackageRef ref;
  words >> ref.name >> ref.relation >> ref.version;
  return ref;
}

void add_ref(Fields& f, const std::string& key, const std::string& text, std::vector<oscar::PackageRef>& refs) {
  refs.push_back(package_ref(text));
  const auto& r = refs.back();
  static const std::set<std::string> relations = {"", ">", ">=", "<", "<=", "="};
  if (!relations.count(r.relation) || (!r.relation.empty() && r.version.empty()))
    f.problems().add(f.line_of(key), f.path() + "." + key, "\"" + text + "\": NAME or NAME OP VERSION expected");
}

// A list of "NAME [OP VERSION]" strings; an item may also be a table
// { dist = [...], arch = [...], packages = [...] } for packages that hold only there.
std::vector<oscar::PackageRef> package_refs(Fields& f, const std::string& key) {
  std::vector<oscar::PackageRef> refs;
  const toml::node* node = f.raw(key);
  const toml::array* array = node ? node->as_array() : nullptr;
  if (!array) {
    for (const auto& text : f.texts(key)) add_ref(f, key, text, refs);
    return refs;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& item = (*array)[i];
    if (const auto* text = item.as_string()) {
      add_ref(f, key, text->get(), refs);
    } else if (const auto* group = item.as_table()) {
      Fields g(*group, f.path() + "." + key + "[" + std::to_string(i) + "]", f.problems());
      const auto dists = g.texts("dist"), archs = g.texts("arch");
      for (const auto& text : g.texts("packages", Required::yes)) {
        add_ref(g, "packages", text, refs);
        refs.back().dists = dists;
        refs.back().archs = archs;
      }
    } else {
      f.problems().add(f.line_of(key), f.path() + "." + key + "[" + std::to_string(i) + "]",
                       "a package (string) or a { dist, arch, packages } table");
    }
  }
  return refs;
}

std::string xs_date(const ChangelogEntry& c) { return c.date + "T00:00:00+00:00"; }

std::vector<std::string> changelog_items(const std::string& text) {
  std::vector<std::string> items;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const auto start = line.find_first_not_of("- \t");
    if (start != std::string::npos) items.push_back(line.substr(start));
  }
  return items;
}

void read_oscar(Fields& top, Recipe& r) {
  const toml::table* table = top.table("oscar");
  if (!table) return;
  Fields f(*table, "oscar", top.problems());
  oscar::Opkg p;
  p.name = f.text("name");
  if (p.name.empty()) p.name = r.name;
  if (const std::string c = f.text("class"); !c.empty()) p.class_ = c;
  if (!kOscarClasses.count(p.class_)) f.problems().add(f.line_of("class"), "oscar.class", "core, base, included or third-party");
  p.summary = f.text("summary");
  if (p.summary.empty()) p.summary = r.summary;
  if (p.summary.size() > 67) f.problems().add(f.line_of("summary"), "oscar.summary", "at most 67 characters (opkg format)");
  p.description = f.text("description");
  p.license = f.text("license", Required::yes);
  if (!p.license.empty() && !kOscarLicenses.count(p.license))
    f.problems().add(f.line_of("license"), "oscar.license", "one of OSCAR's licence names (GPL, LGPL, BSD, ...)");
  p.group = f.text("group", Required::yes);
  p.uri = f.text("uri");
  if (p.uri.empty()) p.uri = r.url;
  const auto authors = f.tables("authors");
  for (std::size_t i = 0; i < authors.size(); ++i) {
    Fields a(*authors[i], "oscar.authors[" + std::to_string(i) + "]", f.problems());
    oscar::Author author{a.text("name", Required::yes), a.text("email", Required::yes), a.text("cat")};
    if (author.category.empty()) author.category = "maintainer";
    if (!kAuthorCategories.count(author.category)) a.problems().add(a.line_of("cat"), a.path() + ".cat", "upstream, maintainer or uploader");
    p.authors.push_back(std::move(author));
  }
  if (p.authors.empty()) f.problems().add(f.line(), "oscar.authors", "at least one author is required");
  p.oscar = {package_refs(f, "requires"), package_refs(f, "conflicts"), package_refs(f, "provides")};
  p.server.requires_ = package_refs(f, "server");
  p.client.requires_ = package_refs(f, "client");
  p.common.requires_ = package_refs(f, "common");
  for (auto [field, into] : {std::pair{"scripts", &p.scripts}, std::pair{"testing", &p.testing}})
    if (const toml::table* files = f.table(field))
      for (const auto& [key, node] : *files) {
        if (const auto* file = node.as_string()) into->emplace_back(std::string(key.str()), file->get());
        else f.problems().add(static_cast<int>(node.source().begin.line), "oscar." + std::string(field) + "." + std::string(key.str()), "must be a string (a file of the recipe)");
      }
  for (const ChangelogEntry& c : r.changelog)
    p.changelog.push_back({c.version.empty() ? r.version + "-" + r.release : c.version, c.author, xs_date(c),
                           changelog_items(c.text)});
  r.oscar = std::move(p);
}

}  // namespace

Expected<Recipe> parse_recipe(const std::string& text, const fs::path& file) {
  auto parsed = parse_toml(text, file);
  if (!parsed) return parsed.error();
  const toml::table& document = *parsed;
  Problems problems(file.string());
  Recipe recipe;
  recipe.file = file;
  recipe.dir = file.parent_path();
  {
    Fields top(document, "", problems);
    if (const toml::table* package = top.table("package")) {
      Fields p(*package, "package", problems);
      read_package(p, recipe);
    } else {
      problems.add(1, "package", "missing (required)");
    }
    read_sources(top, recipe);
    read_build(top, recipe);
    read_subpackages(top, recipe);
    read_changelog(top, recipe);
    read_oscar(top, recipe);
    recipe.resources = read_job_resources(top);
    // An OSCAR package may consist of distribution packages only; anything else builds something.
    if (recipe.spec.empty() && recipe.subpackages.empty() && !recipe.oscar)
      problems.add(top.line(), "subpackage", "at least one [[subpackage]] (or build.spec, or [oscar]) is required");
  }
  if (!problems.empty()) return bad_input(problems.joined());
  return recipe;
}

Expected<Recipe> load_recipe(const fs::path& dir) {
  const fs::path file = dir / "recipe.toml";
  auto text = read_file(file);
  if (!text) return bad_input(file.string() + ": no recipe here (recipe.toml expected)");
  return parse_recipe(*text, file);
}

std::string Recipe::nevr() const {
  return name + "-" + (epoch ? std::to_string(*epoch) + ":" : "") + version + "-" + release;
}

}  // namespace ssi::recipe
