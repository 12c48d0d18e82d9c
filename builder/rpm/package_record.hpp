#pragma once
// What the toolchain knows about one binary or source RPM: everything the solver,
// the rpm-md writer and the reports need, read once from the package header.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ssi {

// (`requires` is a C++20 keyword, hence the singular names.)
enum class DepKind { provide, require, conflict, obsolete, recommend, suggest, supplement, enhance };
inline constexpr std::size_t kDepKindCount = 8;
inline constexpr DepKind kAllDepKinds[kDepKindCount] = {
    DepKind::provide,   DepKind::require, DepKind::conflict,   DepKind::obsolete,
    DepKind::recommend, DepKind::suggest, DepKind::supplement, DepKind::enhance};
const char* dep_kind_name(DepKind kind);  // "provides", "requires", ... as rpm spells the tags

// A version relation; `none` for a bare name or a rich dependency such as "(a or b)".
enum class DepOp : std::uint8_t { none, lt, le, eq, ge, gt };
const char* dep_op_symbol(DepOp op);  // "<", "<=", ...; "" for none
const char* dep_op_rpmmd(DepOp op);   // rpm-md's "LT", "LE", ...

struct Dependency {
  std::string name;
  DepOp op = DepOp::none;
  std::string evr;   // "[E:]V[-R]" as written in the header
  bool pre = false;  // a requirement of an install scriptlet (Requires(pre) and friends)
  std::string to_string() const;
  bool operator==(const Dependency&) const = default;
};

enum class FileKind : std::uint8_t { file, dir, ghost };
struct FileEntry {
  std::string path;
  FileKind kind = FileKind::file;
  bool operator==(const FileEntry&) const = default;
};

struct ChangelogEntry {
  std::string author;
  std::int64_t time = 0;
  std::string text;
  bool operator==(const ChangelogEntry&) const = default;
};

struct PackageRecord {
  // identity
  std::string name;
  std::optional<std::uint32_t> epoch;
  std::string version, release, arch;  // arch is "src" for a source RPM
  // description
  std::string summary, description, url, license, vendor, group, packager, buildhost, sourcerpm;
  std::int64_t buildtime = 0;
  std::uint64_t install_size = 0, archive_size = 0;
  // relations and content
  std::array<std::vector<Dependency>, kDepKindCount> dependencies;  // indexed by DepKind
  std::vector<FileEntry> files;
  std::vector<ChangelogEntry> changelog;
  // the file on disk
  std::string location;  // relative to the repository root
  std::uint64_t file_size = 0;
  std::int64_t file_mtime = 0;
  std::string sha256;  // of the whole file
  std::uint64_t header_start = 0, header_end = 0;

  std::vector<Dependency>& deps(DepKind kind) { return dependencies[static_cast<std::size_t>(kind)]; }
  const std::vector<Dependency>& deps(DepKind kind) const {
    return dependencies[static_cast<std::size_t>(kind)];
  }
  std::string evr() const;    // "[E:]V-R"
  std::string nevra() const;  // "N-[E:]V-R.A"
  bool is_source() const { return arch == "src" || arch == "nosrc"; }
  bool operator==(const PackageRecord&) const = default;
};

}  // namespace ssi
