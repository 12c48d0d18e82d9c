#include "image/image_definition.hpp"

#include <algorithm>
#include <set>

#include "cluster/cluster_definition.hpp"
#include "cluster/head_services.hpp"
#include "oscar/pkglist.hpp"
#include "util/definition_values.hpp"
#include "util/toml_fields.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace ssi::image {
namespace fs = std::filesystem;

namespace {

const std::set<std::string> kFormats = {"dir", "cpio.zst", "tar.zst", "ext4"};

std::string where(const fs::path& file, int line) { return file.string() + ":" + std::to_string(line); }

void remove_named(std::vector<Listed>& list, const std::vector<std::string>& names) {
  std::erase_if(list, [&](const Listed& l) { return std::find(names.begin(), names.end(), l.name) != names.end(); });
}

template <typename T>
void remove_values(std::vector<T>& list, const std::vector<T>& values) {
  std::erase_if(list, [&](const T& v) { return std::find(values.begin(), values.end(), v) != values.end(); });
}

void read_cluster(Fields& top, ImageDefinition& image) {
  const toml::table* table = top.table("cluster");
  if (!table) return;
  Fields c(*table, "cluster", top.problems());
  image.has_cluster = true;
  image.cluster = {};
  image.cluster.session = c.integer("session").value_or(1);
  image.cluster.nbmin = c.integer("nbmin");
  const auto nodes = c.tables("nodes");
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    Fields n(*nodes[i], "cluster.nodes[" + std::to_string(i) + "]", top.problems());
    cluster::Node node;
    node.name = n.text("name", Required::yes);
    node.id = n.integer("id").value_or(static_cast<int>(i));
    if (const std::string iface = n.text("iface"); !iface.empty()) node.iface = iface;
    image.cluster.nodes.push_back(node);
  }
  for (const auto& p : cluster::check_cluster(image.cluster)) top.problems().add(c.line(), "cluster", p);
}

// `modules = { debian = ["e1000", "nfsv3"] }`: per kernel, a child's list replaces its parent's.
void read_modules(const fs::path& file, Fields& f, ImageDefinition& image) {
  const toml::table* table = f.table("modules");
  if (!table) return;
  Fields m(*table, "image.modules", f.problems());
  for (const auto& [key, value] : *table) {
    const std::string kernel(key.str());
    ModuleList list{m.texts(kernel), where(file, m.line_of(kernel))};
    for (const auto& name : list.names)
      if (!is_plain_name(name))
        m.problems().add(m.line_of(kernel), "image.modules." + kernel, "\"" + name + "\": not a module's name");
    image.modules[kernel] = std::move(list);
  }
}

// Reads one file into `image`, which already holds the merged ancestors (lists extend, scalars
// override, remove_* take inherited entries out).
void read_layer(const fs::path& file, Fields& f, Fields& top, ImageDefinition& image) {
  const fs::path dir = file.parent_path();
  if (std::string name = f.text("name", Required::yes); !name.empty()) {
    check_plain_name(f, "name", name);
    image.name = name;
  }
  if (std::string summary = f.text("summary"); !summary.empty()) image.summary = summary;
  if (std::string distro = f.text("distro"); !distro.empty()) {
    check_plain_name(f, "distro", distro);
    image.distro = distro;
  }
  remove_named(image.oscar, f.texts("remove_oscar"));
  remove_named(image.packages, f.texts("remove_packages"));
  remove_values(image.exclude, f.texts("remove_exclude"));
  remove_values(image.not_shipped, f.texts("remove_not_shipped"));
  remove_values(image.formats, f.texts("remove_formats"));
  for (const auto& r : f.texts("repos")) image.repos.push_back((dir / r).lexically_normal());
  for (const auto& o : f.texts("oscar")) image.oscar.push_back({o, where(file, f.line_of("oscar"))});
  for (const auto& p : f.texts("packages")) image.packages.push_back({p, where(file, f.line_of("packages"))});
  for (const auto& list : f.texts("pkglist")) {
    auto entries = oscar::read_pkglist(dir / list);
    if (!entries) {
      f.problems().add(f.line_of("pkglist"), "image.pkglist", (dir / list).string() + ": cannot be read");
      continue;
    }
    for (const auto& e : *entries) image.packages.push_back({e.name, where((dir / list).lexically_normal(), e.line)});
  }
  for (const auto& e : f.texts("exclude")) image.exclude.push_back(e);
  for (const auto& n : f.texts("not_shipped")) {
    if (n.empty()) f.problems().add(f.line_of("not_shipped"), "image.not_shipped", "an empty name glob");
    else image.not_shipped.push_back(n);
  }
  for (const auto& k : f.texts("gpg_keys")) {
    image.gpg_keys.push_back((dir / k).lexically_normal());
    if (!fs::is_regular_file(image.gpg_keys.back()))
      f.problems().add(f.line_of("gpg_keys"), "image.gpg_keys", image.gpg_keys.back().string() + " does not exist");
  }
  // A kernel list is a choice, not a collection: a child's list replaces its parent's.
  if (auto kernels = f.texts("kernel"); !kernels.empty()) image.kernels = kernels;
  read_modules(file, f, image);
  for (const auto& format : f.texts("formats")) {
    if (!kFormats.count(format)) f.problems().add(f.line_of("formats"), "image.formats", "\"" + format + "\": dir, cpio.zst, tar.zst or ext4");
    else if (std::find(image.formats.begin(), image.formats.end(), format) == image.formats.end()) image.formats.push_back(format);
  }
  if (const auto layers = f.boolean("initramfs_layers")) image.initramfs_layers = *layers;
  if (std::string cmdline = f.text("cmdline"); !cmdline.empty()) {
    check_command_line(f, "cmdline", cmdline);
    image.cmdline = cmdline;
  }
  if (std::string c = f.text("cluster"); !c.empty()) image.cluster_file = {(dir / c).lexically_normal(), where(file, f.line_of("cluster"))};
  const auto files = top.tables("file");
  for (std::size_t i = 0; i < files.size(); ++i) {
    Fields a(*files[i], "file[" + std::to_string(i) + "]", top.problems());
    AddedFile added{dir / a.text("source", Required::yes), a.text("target", Required::yes), 0644};
    if (const std::string mode = a.text("mode"); !mode.empty()) {
      const auto octal = parse_number(mode, 8);
      if (octal && *octal <= 07777) added.mode = static_cast<unsigned>(*octal);
      else a.problems().add(a.line_of("mode"), a.path() + ".mode", "\"" + mode + "\": an octal mode such as \"0644\"");
    }
    if (!added.target.starts_with("/")) a.problems().add(a.line_of("target"), a.path() + ".target", "an absolute path in the image");
    std::error_code ec;
    if (!fs::is_regular_file(added.source, ec)) a.problems().add(a.line_of("source"), a.path() + ".source", added.source.string() + " does not exist");
    image.added_files.push_back(added);
  }
  read_cluster(top, image);
}

// `cluster = FILE`: Kerrighed's node file from the cluster's nodes that boot this image, and the
// cluster's /etc/hosts; the cluster definition becomes one of the image's inputs.
void read_named_cluster(ImageDefinition& image, std::string& errors) {
  const auto& [file, origin] = *image.cluster_file;
  if (image.has_cluster) {
    append_line(errors, origin + ": image.cluster: a [cluster] table is there too; keep one");
    return;
  }
  auto definition = cluster::load_cluster_definition(file);
  if (!definition) {
    append_line(errors, origin + ": image.cluster: " + definition.error().message);
    return;
  }
  image.hosts = cluster::hosts_file(*definition);
  if (auto k = cluster::kerrighed_cluster(*definition, image.name)) {
    image.has_cluster = true;
    image.cluster = *k;
  }
  image.files.push_back(file);
}

Status load_into(const fs::path& file, ImageDefinition& image, std::vector<fs::path>& chain, std::string& errors) {
  if (std::find(chain.begin(), chain.end(), file) != chain.end()) {
    append_line(errors, file.string() + ": image.inherits: a cycle through this file");
    return success();
  }
  chain.push_back(file);
  auto text = read_file(file);
  if (!text) return bad_input(file.string() + ": no image definition here");
  auto parsed = parse_toml(*text, file);
  if (!parsed) return parsed.error();
  const toml::table& document = *parsed;
  Problems problems(file.string());
  {
    Fields top(document, "", problems);
    const toml::table* table = top.table("image");
    if (!table) {
      problems.add(1, "image", "missing (required)");
    } else {
      Fields f(*table, "image", problems);
      if (const std::string parent = f.text("inherits"); !parent.empty()) {
        if (auto ok = load_into((file.parent_path() / parent).lexically_normal(), image, chain, errors); !ok) return ok;
      }
      read_layer(file, f, top, image);
    }
    image.resources = read_job_resources(top).or_else(image.resources);
  }
  if (!problems.empty()) append_line(errors, problems.joined());
  image.files.insert(image.files.begin(), file);
  return success();
}

// One definition for every distribution: `repos = ["../repos/{distro}"]`.
void place_distro(const fs::path& file, const std::string& chosen, ImageDefinition& image, std::string& errors) {
  if (!chosen.empty()) {
    if (!is_plain_name(chosen)) {
      append_line(errors, "--distro " + chosen + ": not a distribution's name (letters, digits, '.', '_', '-')");
      return;
    }
    image.distro = chosen;
  }
  for (auto& repo : image.repos) {
    std::string path = repo.string();
    const auto at = path.find("{distro}");
    if (at == std::string::npos) continue;
    if (image.distro.empty()) {
      append_line(errors, file.string() + ": image.repos: " + path + " names {distro}: give the image distro = \"NAME\" or pass --distro");
      return;
    }
    repo = path.replace(at, 8, image.distro);
  }
}

}  // namespace

Expected<ImageDefinition> load_image(const fs::path& file, const std::string& distro) {
  ImageDefinition image;
  std::vector<fs::path> chain;
  std::string errors;
  if (auto ok = load_into(file.lexically_normal(), image, chain, errors); !ok) return ok.error();
  place_distro(file, distro, image, errors);
  if (image.cluster_file) read_named_cluster(image, errors);
  for (const auto& [kernel, list] : image.modules)
    if (std::find(image.kernels.begin(), image.kernels.end(), kernel) == image.kernels.end())
      append_line(errors, list.origin + ": image.modules." + kernel + ": " + kernel + " is not one of the image's kernels (" +
                              join(image.kernels, ", ") + ")");
  if (!errors.empty()) return bad_input(errors);
  if (image.formats.empty()) image.formats = {"dir", "cpio.zst"};
  return image;
}

}  // namespace ssi::image
