#include "repo/repodata_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <functional>

#include "util/fs.hpp"
#include "util/parallel.hpp"
#include "util/xml_writer.hpp"
#include "util/sha256.hpp"

namespace ssi::repo {
namespace fs = std::filesystem;
namespace {

struct Evr {
  std::string epoch = "0", version, release;
};
Evr split_evr(const std::string& evr) {
  Evr out;
  std::string rest = evr;
  if (const auto colon = rest.find(':'); colon != std::string::npos) {
    out.epoch = rest.substr(0, colon);
    rest.erase(0, colon + 1);
  }
  if (const auto dash = rest.rfind('-'); dash != std::string::npos) {
    out.release = rest.substr(dash + 1);
    rest.erase(dash);
  }
  out.version = rest;
  return out;
}

void version_element(XmlWriter& xml, const PackageRecord& r) {
  xml.empty("version", {{"epoch", r.epoch ? std::to_string(*r.epoch) : "0"}, {"ver", r.version}, {"rel", r.release}});
}

// createrepo's rule: primary.xml carries only the files that dependencies usually name.
bool is_primary_file(const std::string& path) {
  return path.starts_with("/etc/") || path.find("bin/") != std::string::npos || path == "/usr/lib/sendmail";
}

void file_element(XmlWriter& xml, const FileEntry& f) {
  if (f.kind == FileKind::dir) xml.element("file", f.path, {{"type", "dir"}});
  else if (f.kind == FileKind::ghost) xml.element("file", f.path, {{"type", "ghost"}});
  else xml.element("file", f.path);
}

void dependency_block(XmlWriter& xml, const PackageRecord& r, DepKind kind) {
  const auto& deps = r.deps(kind);
  if (deps.empty()) return;
  const std::string tag = std::string("rpm:") + dep_kind_name(kind);
  xml.open(tag);
  for (const Dependency& d : deps) {
    if (d.op == DepOp::none) {
      if (d.pre) xml.empty("rpm:entry", {{"name", d.name}, {"pre", "1"}});
      else xml.empty("rpm:entry", {{"name", d.name}});
      continue;
    }
    const Evr evr = split_evr(d.evr);
    if (evr.release.empty())
      xml.empty("rpm:entry", {{"name", d.name}, {"flags", dep_op_rpmmd(d.op)}, {"epoch", evr.epoch}, {"ver", evr.version}});
    else if (d.pre)
      xml.empty("rpm:entry", {{"name", d.name}, {"flags", dep_op_rpmmd(d.op)}, {"epoch", evr.epoch},
                              {"ver", evr.version}, {"rel", evr.release}, {"pre", "1"}});
    else
      xml.empty("rpm:entry", {{"name", d.name}, {"flags", dep_op_rpmmd(d.op)}, {"epoch", evr.epoch},
                              {"ver", evr.version}, {"rel", evr.release}});
  }
  xml.close(tag);
}

void primary_package(XmlWriter& xml, const PackageRecord& r, std::int64_t reference_time) {
  xml.open("package", {{"type", "rpm"}});
  xml.element("name", r.name).element("arch", r.arch);
  version_element(xml, r);
  xml.element("checksum", r.sha256, {{"type", "sha256"}, {"pkgid", "YES"}});
  xml.element("summary", r.summary).element("description", r.description);
  xml.element("packager", r.packager).element("url", r.url);
  // The file's mtime, clamped like rpm clamps payload mtimes: a copy of the same package
  // gives the same metadata.
  xml.empty("time", {{"file", std::to_string(std::min(r.file_mtime, reference_time))},
                     {"build", std::to_string(r.buildtime)}});
  xml.empty("size", {{"package", std::to_string(r.file_size)}, {"installed", std::to_string(r.install_size)},
                     {"archive", std::to_string(r.archive_size)}});
  xml.empty("location", {{"href", r.location}});
  xml.open("format");
  xml.element("rpm:license", r.license).element("rpm:vendor", r.vendor);
  xml.element("rpm:group", r.group).element("rpm:buildhost", r.buildhost);
  xml.element("rpm:sourcerpm", r.sourcerpm);
  xml.empty("rpm:header-range", {{"start", std::to_string(r.header_start)}, {"end", std::to_string(r.header_end)}});
  for (DepKind kind : kAllDepKinds) dependency_block(xml, r, kind);
  for (const FileEntry& f : r.files)
    if (is_primary_file(f.path)) file_element(xml, f);
  xml.close("format");
  xml.close("package");
}

std::int64_t reference_time(const std::vector<PackageRecord>& records) {
  if (const std::string sde = source_date_epoch_text(); !sde.empty()) return std::strtoll(sde.c_str(), nullptr, 10);
  std::int64_t newest = 0;
  for (const PackageRecord& r : records) newest = std::max(newest, r.buildtime);
  return newest;
}

struct Written {
  std::string type, href, checksum, open_checksum;
  std::size_t size = 0, open_size = 0;
};

Expected<Written> write_part(const fs::path& dir, const std::string& type, const std::string& xml,
                             Compression compression) {
  auto packed = compress(xml, compression);
  if (!packed) return packed.error();
  Written w{type, "", sha256_hex(*packed), sha256_hex(xml), packed->size(), xml.size()};
  const std::string name = w.checksum + "-" + type + ".xml" + compression_suffix(compression);
  w.href = "repodata/" + name;
  if (auto ok = write_file_atomic(dir / name, *packed); !ok) return ok.error();
  return w;
}

std::string render_repomd(const std::vector<Written>& parts, std::int64_t time) {
  XmlWriter xml;
  xml.open("repomd", {{"xmlns", "http://linux.duke.edu/metadata/repo"}, {"xmlns:rpm", "http://linux.duke.edu/metadata/rpm"}});
  xml.element("revision", std::to_string(time));
  for (const Written& w : parts) {
    xml.open("data", {{"type", w.type}});
    xml.element("checksum", w.checksum, {{"type", "sha256"}});
    xml.element("open-checksum", w.open_checksum, {{"type", "sha256"}});
    xml.empty("location", {{"href", w.href}});
    xml.element("timestamp", std::to_string(time));
    xml.element("size", std::to_string(w.size));
    xml.element("open-size", std::to_string(w.open_size));
    xml.close("data");
  }
  xml.close("repomd");
  return xml.take();
}

}  // namespace

std::string source_date_epoch_text() {
  const char* sde = std::getenv("SOURCE_DATE_EPOCH");
  return sde ? sde : "";
}

// Generous: the pages a reservation does not fill are never touched.
constexpr std::size_t kReservedPerPackage = 4096;

std::string render_primary(const std::vector<PackageRecord>& records, std::int64_t time) {
  XmlWriter xml;
  xml.reserve(records.size() * kReservedPerPackage);
  xml.open("metadata", {{"xmlns", "http://linux.duke.edu/metadata/common"},
                        {"xmlns:rpm", "http://linux.duke.edu/metadata/rpm"}, {"packages", std::to_string(records.size())}});
  for (const PackageRecord& r : records) primary_package(xml, r, time);
  xml.close("metadata");
  return xml.take();
}

namespace {

// filelists and other: each package named by its pkgid, name, arch and version around what the
// document lists of it.
template <class Content>
std::string per_package_document(const std::vector<PackageRecord>& records, std::string_view root,
                                 std::string_view xmlns, Content content) {
  XmlWriter xml;
  xml.reserve(records.size() * kReservedPerPackage);
  xml.open(root, {{"xmlns", xmlns}, {"packages", std::to_string(records.size())}});
  for (const PackageRecord& r : records) {
    xml.open("package", {{"pkgid", r.sha256}, {"name", r.name}, {"arch", r.arch}});
    version_element(xml, r);
    content(xml, r);
    xml.close("package");
  }
  xml.close(root);
  return xml.take();
}

}  // namespace

std::string render_filelists(const std::vector<PackageRecord>& records) {
  return per_package_document(records, "filelists", "http://linux.duke.edu/metadata/filelists",
                              [](XmlWriter& xml, const PackageRecord& r) {
                                for (const FileEntry& f : r.files) file_element(xml, f);
                              });
}

std::string render_other(const std::vector<PackageRecord>& records) {
  return per_package_document(records, "otherdata", "http://linux.duke.edu/metadata/other",
                              [](XmlWriter& xml, const PackageRecord& r) {
                                for (const ChangelogEntry& c : r.changelog)
                                  xml.element("changelog", c.text, {{"author", c.author}, {"date", std::to_string(c.time)}});
                              });
}

Status write_repodata(const fs::path& root, const std::vector<PackageRecord>& records, Compression compression,
                      unsigned jobs) {
  const std::int64_t time = reference_time(records);
  const fs::path staging = temporary_name(root / "repodata", "staging");
  std::error_code ec;
  fs::remove_all(staging, ec);
  if (auto made = ensure_directory(staging); !made) return made;
  // Each part is rendered, packed and hashed on its own: together they are most of the time.
  const std::pair<const char*, std::function<std::string()>> renderers[] = {
      {"primary", [&] { return render_primary(records, time); }},
      {"filelists", [&] { return render_filelists(records); }},
      {"other", [&] { return render_other(records); }}};
  std::vector<Expected<Written>> parts(std::size(renderers), Error{});
  parallel_for(parts.size(), jobs, [&](std::size_t i) {
    parts[i] = write_part(staging, renderers[i].first, renderers[i].second(), compression);
  });
  std::vector<Written> written;
  for (auto& part : parts) {
    if (!part) {
      fs::remove_all(staging, ec);
      return part.error();
    }
    written.push_back(std::move(part).value());
  }
  if (auto ok = write_file_atomic(staging / "repomd.xml", render_repomd(written, time)); !ok) {
    fs::remove_all(staging, ec);
    return ok;
  }
  return replace_directory(staging, root / "repodata");
}

}  // namespace ssi::repo
