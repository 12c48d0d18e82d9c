#include "repo/index_cache.hpp"

#include <nlohmann/json.hpp>

#include "repo/record_codec.hpp"
#include "util/fs.hpp"

namespace ssi::repo {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
// Bump when the cached layout or the meaning of a record changes: old caches are then ignored.
constexpr int kFormatVersion = 3;
}  // namespace

CachePaths::CachePaths(const fs::path& repo_root)
    : dir(repo_root / ".ssi-oscar"),
      state(dir / "index-state.json"),
      records(dir / "records.msgpack"),
      solv(dir / "packages") {}

IndexState load_index_state(const CachePaths& paths) {
  IndexState state;
  auto text = read_file(paths.state);
  if (!text) return state;
  try {
    const json j = json::parse(*text);
    if (j.at("format").get<int>() != kFormatVersion) return state;
    j.at("repodata_key").get_to(state.repodata_key);
    for (const json& f : j.at("files"))
      state.files.push_back({{f.at(0), f.at(1), f.at(2), f.at(3)}, f.at(4)});
  } catch (const json::exception&) {
    return {};
  }
  return state;
}

std::optional<std::vector<PackageRecord>> load_records(const CachePaths& paths) {
  auto bytes = read_file(paths.records);
  if (!bytes) return std::nullopt;
  try {
    const json j = json::from_msgpack(*bytes);
    if (j.at("format").get<int>() != kFormatVersion) return std::nullopt;
    std::vector<PackageRecord> records;
    for (const json& packed : j.at("records")) records.push_back(json::from_msgpack(packed.get_binary()).get<PackageRecord>());
    return records;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

Status save_records(const CachePaths& paths, const std::vector<PackageRecord>& records) {
  // Each record packed on its own: one record's tree at a time is built, not all of them at once.
  json packed = json::array();
  packed.get_ref<json::array_t&>().reserve(records.size());
  std::size_t total = 64;
  for (const PackageRecord& r : records) {
    packed.push_back(json::binary(json::to_msgpack(json(r))));
    total += packed.back().get_binary().size() + 8;
  }
  std::vector<std::uint8_t> bytes;
  bytes.reserve(total);
  json::to_msgpack(json{{"format", kFormatVersion}, {"records", std::move(packed)}}, bytes);
  return write_file_atomic(paths.records, {reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

Status save_state(const CachePaths& paths, const IndexState& state) {
  json files = json::array();
  for (const FileState& f : state.files)
    files.push_back({f.file.location, f.file.size, f.file.mtime_ns, f.file.inode, f.error});
  const json state_doc = {{"format", kFormatVersion}, {"repodata_key", state.repodata_key}, {"files", files}};
  return write_file_atomic(paths.state, state_doc.dump());
}

}  // namespace ssi::repo
