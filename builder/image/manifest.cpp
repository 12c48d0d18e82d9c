#include "image/manifest.hpp"

#include "util/fs.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr const char* kFormat = "ssi-oscar image manifest 1";
}

json manifest_json(const Manifest& m) {
  json packages = json::array();
  for (const auto& p : m.packages)
    packages.push_back({{"name", p.name}, {"nevra", p.nevra}, {"installed_size", p.installed_size}, {"files", p.files},
                        {"reason", p.reason}, {"group", p.group}, {"root", p.root}});
  json largest = json::array();
  for (const auto& f : m.largest_files) largest.push_back({{"path", f.path}, {"size", f.size}});
  json special = json::array();
  for (const auto& f : m.special_files) special.push_back({{"path", f.path}, {"kind", f.kind}, {"mode", f.mode}});
  json layers = json::array();
  for (const auto& l : m.initramfs_layers) layers.push_back({{"name", l.name}, {"entries", l.entries}, {"bytes", l.bytes}});
  json kernel = nullptr;
  if (m.has_kernel) {
    json slimmed = nullptr;
    if (const auto& s = m.kernel.slimmed)
      slimmed = {{"named", s->named}, {"modules_kept", s->modules_kept}, {"modules_left_out", s->modules_left_out},
                 {"firmware_left_out", s->firmware_left_out}, {"bytes_left_out", s->bytes_left_out}};
    kernel = {{"name", m.kernel.name}, {"package", m.kernel.package}, {"release", m.kernel.release},
              {"cmdline", m.kernel.cmdline}, {"passed_over", m.kernel.passed_over}, {"slimmed", slimmed}};
  }
  json not_shipped = nullptr;
  if (const auto& n = m.not_shipped)
    not_shipped = {{"packages", n->packages}, {"unmatched", n->unmatched}, {"files", n->files}, {"bytes", n->bytes}};
  return {{"format", kFormat},
          {"name", m.name},
          {"distro", m.distro},
          {"definition", m.definition},
          {"inputs_sha256", m.inputs_sha256},
          {"source_date_epoch", m.source_date_epoch},
          {"kernel", kernel},
          {"notes", m.notes},
          {"packages", packages},
          {"totals",
           {{"packages", m.packages.size()}, {"installed_size", m.installed_size}, {"files", m.files},
            {"tree_bytes", m.tree_bytes}, {"artifacts", m.artifacts}}},
          {"directories", m.directories},
          {"largest_files", largest},
          {"special_files", special},
          {"initramfs_layers", layers},
          {"not_shipped", not_shipped}};
}

Expected<Manifest> manifest_from_json(const json& j, const std::string& where) {
  try {
    if (j.value("format", "") != kFormat) return bad_input(where + ": not an ssi-oscar image manifest (format)");
    Manifest m;
    m.name = j.at("name").get<std::string>();
    m.distro = j.value("distro", "");
    m.definition = j.at("definition").get<std::vector<std::string>>();
    m.inputs_sha256 = j.at("inputs_sha256").get<std::string>();
    m.source_date_epoch = j.at("source_date_epoch").get<std::int64_t>();
    if (const auto& k = j.at("kernel"); !k.is_null()) {
      m.has_kernel = true;
      m.kernel = {k.at("name"), k.at("package"), k.at("release"), k.at("cmdline"),
                  k.at("passed_over").get<std::vector<std::string>>(), std::nullopt};
      if (const auto s = k.value("slimmed", json()); !s.is_null())
        m.kernel.slimmed = ModuleSlimming{s.at("named").get<std::vector<std::string>>(), s.at("modules_kept"), s.at("modules_left_out"),
                                          s.at("firmware_left_out"), s.at("bytes_left_out")};
    }
    m.notes = j.at("notes").get<std::vector<std::string>>();
    for (const auto& p : j.at("packages"))
      m.packages.push_back({p.at("name"), p.at("nevra"), p.at("reason"), p.at("group"), p.at("root"),
                            p.at("installed_size"), p.at("files")});
    const auto& totals = j.at("totals");
    m.installed_size = totals.at("installed_size");
    m.files = totals.at("files");
    m.tree_bytes = totals.at("tree_bytes");
    m.artifacts = totals.at("artifacts").get<std::map<std::string, std::uint64_t>>();
    m.directories = j.at("directories").get<std::map<std::string, std::uint64_t>>();
    for (const auto& f : j.at("largest_files")) m.largest_files.push_back({f.at("path"), f.at("size")});
    for (const auto& f : j.value("special_files", json::array())) m.special_files.push_back({f.at("path"), f.at("kind"), f.at("mode")});
    for (const auto& l : j.value("initramfs_layers", json::array())) m.initramfs_layers.push_back({l.at("name"), l.at("entries"), l.at("bytes")});
    if (const auto n = j.value("not_shipped", json()); !n.is_null())
      m.not_shipped = NotShipped{n.at("packages").get<std::vector<std::string>>(), n.at("unmatched").get<std::vector<std::string>>(),
                                 n.at("files"), n.at("bytes")};
    return m;
  } catch (const json::exception& e) {
    return bad_input(where + ": damaged manifest: " + e.what());
  }
}

Expected<Manifest> load_manifest(const fs::path& path) {
  const fs::path file = fs::is_directory(path) ? path / "manifest.json" : path;
  auto text = read_file(file);
  if (!text) return bad_input(file.string() + ": no image manifest here");
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded()) return bad_input(file.string() + ": not JSON");
  return manifest_from_json(j, file.string());
}

}  // namespace ssi::image
