#include "repo/record_codec.hpp"

namespace ssi {
using nlohmann::json;

// Arrays rather than objects for the small, numerous values: the cache stays compact and fast.
void to_json(json& j, const Dependency& d) { j = json::array({d.name, int(d.op), d.evr, d.pre}); }
void from_json(const json& j, Dependency& d) {
  d.name = j.at(0).get<std::string>();
  d.op = static_cast<DepOp>(j.at(1).get<int>());
  d.evr = j.at(2).get<std::string>();
  d.pre = j.at(3).get<bool>();
}

void to_json(json& j, const ChangelogEntry& c) { j = json::array({c.author, c.time, c.text}); }
void from_json(const json& j, ChangelogEntry& c) {
  c.author = j.at(0).get<std::string>();
  c.time = j.at(1).get<std::int64_t>();
  c.text = j.at(2).get<std::string>();
}

namespace {

// A record's files as two columns, the paths and their kinds in one binary value: a package may
// hold thousands of files, and a node per file is what the cache's time goes to.
json file_paths(const std::vector<FileEntry>& files) {
  json paths = json::array();
  paths.get_ref<json::array_t&>().reserve(files.size());
  for (const FileEntry& f : files) paths.push_back(f.path);
  return paths;
}
json file_kinds(const std::vector<FileEntry>& files) {
  std::vector<std::uint8_t> kinds;
  kinds.reserve(files.size());
  for (const FileEntry& f : files) kinds.push_back(static_cast<std::uint8_t>(f.kind));
  return json::binary(std::move(kinds));
}

}  // namespace

// Positional too: an object's 25 keys cost more to build and store than the values themselves.
void to_json(json& j, const PackageRecord& r) {
  j = json::array({r.name, r.epoch ? json(*r.epoch) : json(nullptr), r.version, r.release, r.arch, r.summary,
                   r.description, r.url, r.license, r.vendor, r.group, r.packager, r.buildhost, r.sourcerpm,
                   r.buildtime, r.install_size, r.archive_size, r.dependencies, file_paths(r.files),
                   file_kinds(r.files), r.changelog, r.location,
                   r.file_size, r.file_mtime, r.sha256, r.header_start, r.header_end});
}

void from_json(const json& j, PackageRecord& r) {
  std::size_t at = 0;
  auto next = [&](auto& field) { j.at(at++).get_to(field); };
  next(r.name);
  if (const json& epoch = j.at(at++); !epoch.is_null()) r.epoch = epoch.get<std::uint32_t>();
  for (std::string* field : {&r.version, &r.release, &r.arch, &r.summary, &r.description, &r.url, &r.license,
                             &r.vendor, &r.group, &r.packager, &r.buildhost, &r.sourcerpm})
    next(*field);
  next(r.buildtime);
  next(r.install_size);
  next(r.archive_size);
  next(r.dependencies);
  std::vector<std::string> paths;
  next(paths);
  const auto& kinds = j.at(at++).get_binary();
  if (kinds.size() != paths.size()) throw json::other_error::create(501, "file kinds do not match the paths", &j);
  r.files.clear();
  for (std::size_t i = 0; i < paths.size(); ++i) r.files.push_back({std::move(paths[i]), static_cast<FileKind>(kinds[i])});
  next(r.changelog);
  next(r.location);
  next(r.file_size);
  next(r.file_mtime);
  next(r.sha256);
  next(r.header_start);
  next(r.header_end);
}

}  // namespace ssi
