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

void to_json(json& j, const FileEntry& f) { j = json::array({f.path, int(f.kind)}); }
void from_json(const json& j, FileEntry& f) {
  f.path = j.at(0).get<std::string>();
  f.kind = static_cast<FileKind>(j.at(1).get<int>());
}

void to_json(json& j, const ChangelogEntry& c) { j = json::array({c.author, c.time, c.text}); }
void from_json(const json& j, ChangelogEntry& c) {
  c.author = j.at(0).get<std::string>();
  c.time = j.at(1).get<std::int64_t>();
  c.text = j.at(2).get<std::string>();
}

void to_json(json& j, const PackageRecord& r) {
  j = json{{"name", r.name}, {"version", r.version}, {"release", r.release}, {"arch", r.arch},
           {"summary", r.summary}, {"description", r.description}, {"url", r.url},
           {"license", r.license}, {"vendor", r.vendor}, {"group", r.group},
           {"packager", r.packager}, {"buildhost", r.buildhost}, {"sourcerpm", r.sourcerpm},
           {"buildtime", r.buildtime}, {"install_size", r.install_size},
           {"archive_size", r.archive_size}, {"dependencies", r.dependencies},
           {"files", r.files}, {"changelog", r.changelog}, {"location", r.location},
           {"file_size", r.file_size}, {"file_mtime", r.file_mtime}, {"sha256", r.sha256},
           {"header_start", r.header_start}, {"header_end", r.header_end}};
  if (r.epoch) j["epoch"] = *r.epoch;
}

void from_json(const json& j, PackageRecord& r) {
  if (j.contains("epoch")) r.epoch = j.at("epoch").get<std::uint32_t>();
  j.at("name").get_to(r.name);
  j.at("version").get_to(r.version);
  j.at("release").get_to(r.release);
  j.at("arch").get_to(r.arch);
  j.at("summary").get_to(r.summary);
  j.at("description").get_to(r.description);
  j.at("url").get_to(r.url);
  j.at("license").get_to(r.license);
  j.at("vendor").get_to(r.vendor);
  j.at("group").get_to(r.group);
  j.at("packager").get_to(r.packager);
  j.at("buildhost").get_to(r.buildhost);
  j.at("sourcerpm").get_to(r.sourcerpm);
  j.at("buildtime").get_to(r.buildtime);
  j.at("install_size").get_to(r.install_size);
  j.at("archive_size").get_to(r.archive_size);
  j.at("dependencies").get_to(r.dependencies);
  j.at("files").get_to(r.files);
  j.at("changelog").get_to(r.changelog);
  j.at("location").get_to(r.location);
  j.at("file_size").get_to(r.file_size);
  j.at("file_mtime").get_to(r.file_mtime);
  j.at("sha256").get_to(r.sha256);
  j.at("header_start").get_to(r.header_start);
  j.at("header_end").get_to(r.header_end);
}

}  // namespace ssi
