#include "recipe/build_cache.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/fs.hpp"
#include "util/sha256.hpp"

namespace ssi::recipe {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
// Bump when the way recipes become RPMs changes: every recipe then rebuilds once.
constexpr const char* kBuilderVersion = "ssi-oscar build 2";

fs::path record_path(const fs::path& repo, const std::string& name) {
  return repo / ".ssi-oscar" / "builds" / (name + ".json");
}
}  // namespace

std::string build_key(const Recipe& recipe, const LocatedSources& sources, const std::string& spec,
                      std::int64_t source_date_epoch) {
  std::string material = std::string(kBuilderVersion) + "\n" + std::to_string(source_date_epoch) + "\n" + spec;
  std::vector<fs::path> files;
  std::vector<fs::path> roots = recipe.key_files;
  if (roots.empty()) roots.push_back(recipe.dir);
  for (const auto& root : roots) {
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) files.push_back(root);
    else if (fs::is_directory(root, ec))
      // A folder that cannot be read gives a key no build matches; prepare_topdir names it.
      for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec))
        if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto digest = sha256_file_hex(f);
    material.append("\n").append(f.lexically_relative(recipe.dir).generic_string());
    material.append(" ").append(digest ? *digest : "unreadable");
  }
  for (const auto& s : sources.sources) material += "\nsource " + s.sha256;
  for (const auto& p : sources.patches) material += "\npatch " + p.sha256;
  return sha256_hex(material);
}

std::vector<std::string> stand_in_outputs(const fs::path& repo) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(repo / ".ssi-oscar" / "builds", ec)) {
    const auto record = load_build_record(repo, e.path().stem().string());
    if (!record || !record->stand_in_sources) continue;
    for (const auto& o : record->outputs) out.push_back(fs::path(o).filename().string());
  }
  return out;
}

std::optional<BuildRecord> load_build_record(const fs::path& repo, const std::string& name) {
  auto text = read_file(record_path(repo, name));
  if (!text) return std::nullopt;
  try {
    const json j = json::parse(*text);
    return BuildRecord{j.at("key"), j.at("outputs"), j.value("stand_in_sources", false)};
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

Status save_build_record(const fs::path& repo, const std::string& name, const BuildRecord& record) {
  const fs::path path = record_path(repo, name);
  if (auto made = ensure_directory(path.parent_path()); !made) return made;
  const json j = {{"key", record.key}, {"outputs", record.outputs}, {"stand_in_sources", record.stand_in_sources}};
  return write_file_atomic(path, j.dump(2));
}

}  // namespace ssi::recipe
