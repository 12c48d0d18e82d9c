#include "distro/distro_definition.hpp"

#include "util/definition_folder.hpp"
#include "util/definition_values.hpp"
#include "util/fs.hpp"
#include "util/toml_fields.hpp"

namespace ssi::distro {
namespace fs = std::filesystem;

Expected<Distro> load_distro(const fs::path& file) {
  auto text = read_file(file);
  if (!text) return bad_input(file.string() + ": cannot be read: " + text.error().message);
  auto document = parse_toml(*text, file);
  if (!document) return document.error();
  Distro d;
  d.file = file;
  Problems problems(file.string());
  {
    Fields top(*document, "", problems);
    if (const toml::table* table = top.table("distro")) {
      Fields f(*table, "distro", problems);
      d.name = f.text("name", Required::yes);
      check_plain_name(f, "name", d.name);
      d.summary = f.text("summary");
      d.suite = f.text("suite", Required::yes);
      check_plain_name(f, "suite", d.suite);
      d.updates = f.texts("updates");
      for (const auto& u : d.updates) check_plain_name(f, "updates", u);
      d.components = f.texts("components", Required::yes);
      d.architectures = f.texts("architectures", Required::yes);
      for (const std::string key : {"components", "architectures"}) {
        const auto& values = key == "components" ? d.components : d.architectures;
        if (values.empty() && f.raw(key)) problems.add(f.line_of(key), "distro." + key, "at least one");
        for (const auto& v : values) check_plain_name(f, key, v);
      }
      if (const std::string keyring = f.text("keyring", Required::yes); !keyring.empty()) {
        d.keyring = keyring;
        if (d.keyring.is_relative()) d.keyring = (file.parent_path() / d.keyring).lexically_normal();
        std::error_code ec;
        if (!fs::is_regular_file(d.keyring, ec))
          problems.add(f.line_of("keyring"), "distro.keyring", d.keyring.string() + " does not exist");
      }
      d.release_tag = f.text("release_tag", Required::yes);
      check_plain_name(f, "release_tag", d.release_tag);
      d.merged_usr = f.boolean("merged_usr").value_or(false);
      d.build_packages = f.texts("build_packages");
      for (const auto& p : d.build_packages) check_plain_name(f, "build_packages", p);
    } else {
      problems.add(1, "distro", "missing: [distro] with the distribution's name and suite");
    }
    const auto borrows = top.tables("borrow");
    for (std::size_t i = 0; i < borrows.size(); ++i) {
      Fields b(*borrows[i], "borrow[" + std::to_string(i) + "]", problems);
      Borrowed borrowed{b.text("suite", Required::yes), b.texts("packages", Required::yes), b.text("reason", Required::yes)};
      check_plain_name(b, "suite", borrowed.suite);
      for (const auto& p : borrowed.packages) check_plain_name(b, "packages", p);
      if (borrowed.packages.empty() && b.raw("packages")) problems.add(b.line_of("packages"), b.path() + ".packages", "at least one");
      d.borrowed.push_back(std::move(borrowed));
    }
  }
  if (!problems.empty()) return bad_input(problems.joined());
  return d;
}

Expected<std::vector<Distro>> load_distros(const fs::path& distros_dir) {
  return load_definitions<Distro>(distros_dir, "distribution", load_distro);
}

Expected<Distro> find_distro(const fs::path& distros_dir, const std::string& name_or_file) {
  return find_definition<Distro>(distros_dir, name_or_file, "distribution", load_distro);
}

}  // namespace ssi::distro
