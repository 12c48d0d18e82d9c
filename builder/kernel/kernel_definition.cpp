#include "kernel/kernel_definition.hpp"

#include <algorithm>
#include <regex>

#include "kernel/patch_series.hpp"
#include "recipe/recipe_parser.hpp"
#include "util/definition_folder.hpp"
#include "util/definition_values.hpp"
#include "util/toml_fields.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace ssi::kernel {
namespace fs = std::filesystem;

namespace {

const std::regex kOption("CONFIG_[A-Za-z0-9_]+=.+|# CONFIG_[A-Za-z0-9_]+ is not set");
const std::regex kMakeFlag("[A-Za-z_][A-Za-z0-9_]*=[^']*");
const std::regex kLocalVersion("(-[A-Za-z0-9._+]+)?");

void check(Fields& f, const std::string& key, const std::string& value, const std::regex& pattern, const std::string& what) {
  if (!std::regex_match(value, pattern)) f.problems().add(f.line_of(key), f.path() + "." + key, what + " (got \"" + value + "\")");
}

KernelBuild read_build(Fields& b, recipe::Recipe& r) {
  KernelBuild k;
  r.license = b.text("license", Required::yes);
  if (const std::string release = b.text("release"); !release.empty()) r.release = release;
  if (const std::string config = b.text("config"); !config.empty()) k.config = config;
  k.options = b.texts("options");
  for (const auto& o : k.options) check(b, "options", o, kOption, "CONFIG_NAME=value or \"# CONFIG_NAME is not set\"");
  k.local_version = b.text("local_version");
  check(b, "local_version", k.local_version, kLocalVersion, "empty or '-' then letters, digits and ._+");
  if (const std::string target = b.text("target"); !target.empty()) k.target = target;
  k.modules = b.boolean("modules").value_or(true);
  k.prep = b.text("prep");
  k.patch_series = b.text("patch_series");
  k.make_flags = b.texts("make_flags");
  for (const auto& flag : k.make_flags) check(b, "make_flags", flag, kMakeFlag, "NAME=value");
  k.build_root = b.text("build_root");
  k.source_package = b.text("source_package");
  for (const auto& d : b.texts("source_dirs")) k.source_dirs.emplace_back(d);
  r.build_tools = b.texts("tools");
  return k;
}

}  // namespace

Expected<KernelDefinition> load_kernel(const fs::path& file) {
  auto text = read_file(file);
  if (!text) return bad_input(file.string() + ": no kernel definition here");
  auto parsed = parse_toml(*text, file);
  if (!parsed) return parsed.error();
  const toml::table& document = *parsed;
  Problems problems(file.string());
  KernelDefinition k;
  k.file = file;
  k.recipe.file = file;
  k.recipe.dir = file.parent_path();
  // The folder holds every kernel's definition: a build depends on its own (its patches, the
  // series' too, are hashed as patches).
  k.recipe.key_files = {file};
  {
    Fields top(document, "", problems);
    if (const toml::table* table = top.table("kernel")) {
      Fields f(*table, "kernel", problems);
      k.name = f.text("name", Required::yes);
      check_plain_name(f, "name", k.name);
      k.summary = f.text("summary", Required::yes);
      k.package = f.text("package", Required::yes);
      check_plain_name(f, "package", k.package);
      k.cmdline = f.text("cmdline");
      check_command_line(f, "cmdline", k.cmdline);
      k.requires_ = f.texts("requires");
      k.recipe.description = f.text("description");
      k.recipe.url = f.text("url");
    } else {
      problems.add(1, "kernel", "missing (required)");
    }
    if (const toml::table* table = top.table("build")) {
      Fields b(*table, "build", problems);
      k.build = read_build(b, k.recipe);
      recipe::read_sources(top, k.recipe);
      recipe::read_subpackages(top, k.recipe);
      recipe::read_changelog(top, k.recipe);
      if (k.recipe.sources.empty()) problems.add(b.line(), "source", "a buildable kernel needs its source tarball as [[source]] 0");
    }
    k.recipe.resources = read_job_resources(top);
  }
  std::string all = problems.empty() ? "" : problems.joined();
  if (k.build && !k.build->patch_series.empty()) {
    auto series = read_patch_series(file, k.build->patch_series);
    if (series) k.recipe.patches.insert(k.recipe.patches.end(), series->begin(), series->end());
    else append_line(all, series.error().message);
  }
  if (!all.empty()) return bad_input(all);
  return k;
}

Expected<KernelDefinition> find_kernel(const fs::path& kernels_dir, const std::string& name_or_file) {
  return find_definition<KernelDefinition>(kernels_dir, name_or_file, "kernel", load_kernel);
}

Expected<std::vector<KernelDefinition>> load_kernels(const fs::path& kernels_dir) {
  return load_definitions<KernelDefinition>(kernels_dir, "kernel", load_kernel);
}

}  // namespace ssi::kernel
