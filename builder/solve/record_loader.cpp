#include "solve/record_loader.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "util/c_file.hpp"
#include "util/fs.hpp"

namespace ssi::solve {
namespace {

int rel_flags(DepOp op) {
  switch (op) {
    case DepOp::lt: return REL_LT;
    case DepOp::le: return REL_LT | REL_EQ;
    case DepOp::eq: return REL_EQ;
    case DepOp::ge: return REL_GT | REL_EQ;
    case DepOp::gt: return REL_GT;
    case DepOp::none: return 0;
  }
  return 0;
}

Id dep_id(::Pool* pool, const Dependency& dep) {
  if (dep.name.starts_with('(')) {
    if (Id rich = pool_parserpmrichdep(pool, dep.name.c_str())) return rich;
  }
  const Id name = pool_str2id(pool, dep.name.c_str(), 1);
  if (dep.op == DepOp::none) return name;
  return pool_rel2id(pool, name, pool_str2id(pool, dep.evr.c_str(), 1), rel_flags(dep.op), 1);
}

Offset add_deps(::Repo* repo, const std::vector<Dependency>& deps, DepKind kind) {
  Offset offset = 0;
  for (const Dependency& dep : deps) {
    // Requires are split at the prereq marker: scriptlet requirements after it.
    Id marker = 0;
    if (kind == DepKind::require) marker = dep.pre ? SOLVABLE_PREREQMARKER : -SOLVABLE_PREREQMARKER;
    offset = repo_addid_dep(repo, offset, dep_id(repo->pool, dep), marker);
  }
  return offset;
}

void set_text(Repodata* data, Id p, Id key, const std::string& value) {
  if (!value.empty()) repodata_set_str(data, p, key, value.c_str());
}

void add_files(Repodata* data, Id p, const std::vector<FileEntry>& files) {
  for (const FileEntry& f : files) {
    const auto slash = f.path.rfind('/');
    if (slash == std::string::npos) continue;
    const std::string dir = slash == 0 ? "/" : f.path.substr(0, slash);
    repodata_add_dirstr(data, p, SOLVABLE_FILELIST, repodata_str2dir(data, dir.c_str(), 1),
                        f.path.c_str() + slash + 1);
  }
}

void add_record(::Repo* repo, Repodata* data, const PackageRecord& r) {
  ::Pool* pool = repo->pool;
  const Id p = repo_add_solvable(repo);
  Solvable* s = pool_id2solvable(pool, p);
  s->name = pool_str2id(pool, r.name.c_str(), 1);
  s->evr = pool_str2id(pool, r.evr().c_str(), 1);
  s->arch = pool_str2id(pool, r.arch.c_str(), 1);
  if (!r.vendor.empty()) s->vendor = pool_str2id(pool, r.vendor.c_str(), 1);
  s->dep_provides = add_deps(repo, r.deps(DepKind::provide), DepKind::provide);
  s->dep_requires = add_deps(repo, r.deps(DepKind::require), DepKind::require);
  s->dep_conflicts = add_deps(repo, r.deps(DepKind::conflict), DepKind::conflict);
  s->dep_obsoletes = add_deps(repo, r.deps(DepKind::obsolete), DepKind::obsolete);
  s->dep_recommends = add_deps(repo, r.deps(DepKind::recommend), DepKind::recommend);
  s->dep_suggests = add_deps(repo, r.deps(DepKind::suggest), DepKind::suggest);
  s->dep_supplements = add_deps(repo, r.deps(DepKind::supplement), DepKind::supplement);
  s->dep_enhances = add_deps(repo, r.deps(DepKind::enhance), DepKind::enhance);
  if (!r.is_source()) s->dep_provides = repo_addid_dep(repo, s->dep_provides, solvable_selfprovidedep(s), 0);

  set_text(data, p, SOLVABLE_SUMMARY, r.summary);
  set_text(data, p, SOLVABLE_DESCRIPTION, r.description);
  set_text(data, p, SOLVABLE_LICENSE, r.license);
  set_text(data, p, SOLVABLE_URL, r.url);
  set_text(data, p, SOLVABLE_GROUP, r.group);
  set_text(data, p, SOLVABLE_PACKAGER, r.packager);
  set_text(data, p, SOLVABLE_BUILDHOST, r.buildhost);
  if (!r.sourcerpm.empty()) repodata_set_sourcepkg(data, p, r.sourcerpm.c_str());
  repodata_set_num(data, p, SOLVABLE_BUILDTIME, static_cast<unsigned long long>(r.buildtime));
  repodata_set_num(data, p, SOLVABLE_INSTALLSIZE, r.install_size);
  repodata_set_num(data, p, SOLVABLE_DOWNLOADSIZE, r.file_size);
  repodata_set_location(data, p, 0, nullptr, r.location.c_str());
  if (!r.sha256.empty()) repodata_set_checksum(data, p, SOLVABLE_CHECKSUM, REPOKEY_TYPE_SHA256, r.sha256.c_str());
  add_files(data, p, r.files);
}

int resolve_only_keys(::Repo* repo, Repokey* key, void* data) {
  switch (key->name) {
    case SOLVABLE_DESCRIPTION:
    case SOLVABLE_SUMMARY:
    case SOLVABLE_CHANGELOG:
    case SOLVABLE_CHANGELOG_AUTHOR:
    case SOLVABLE_CHANGELOG_TEXT:
    case SOLVABLE_CHANGELOG_TIME:
    case SOLVABLE_URL:
    case SOLVABLE_LICENSE:
    case SOLVABLE_PACKAGER:
    case SOLVABLE_BUILDHOST:
    case SOLVABLE_GROUP:
    case SOLVABLE_AUTHORS:
    case SOLVABLE_HEADEREND:
    case SOLVABLE_SOURCENAME:
    case SOLVABLE_SOURCEEVR:
    case SOLVABLE_SOURCEARCH:
      return KEY_STORAGE_DROPPED;
    default:
      return repo_write_stdkeyfilter(repo, key, data);
  }
}

}  // namespace

void add_records(::Repo* repo, const std::vector<PackageRecord>& records) {
  Repodata* data = repo_add_repodata(repo, 0);
  for (const PackageRecord& r : records) add_record(repo, data, r);
  repo_internalize(repo);
}

Status write_solv_file(::Repo* repo, const std::filesystem::path& path, SolvContent content) {
  char* buffer = nullptr;
  std::size_t size = 0;
  FILE* mem = open_memstream(&buffer, &size);
  if (!mem) return step_failed(path.string() + ": out of memory");
  const int rc = content == SolvContent::full ? repo_write(repo, mem)
                                              : repo_write_filtered(repo, mem, resolve_only_keys, nullptr, nullptr);
  std::fclose(mem);
  std::unique_ptr<char, decltype(&std::free)> owned(buffer, &std::free);
  if (rc != 0) return step_failed(path.string() + ": cannot write pool: " + pool_errstr(repo->pool));
  return write_file_atomic(path, {buffer, size});
}

SolvFiles::SolvFiles(const std::filesystem::path& stem)
    : full(stem.string() + ".solv"), resolve_only(stem.string() + ".resolve.solv") {}

const std::filesystem::path& SolvFiles::for_content(SolvContent content) const {
  return content == SolvContent::full ? full : resolve_only;
}

bool SolvFiles::exist() const { return std::filesystem::exists(full) && std::filesystem::exists(resolve_only); }

Status write_solv_files(::Repo* repo, const SolvFiles& files) {
  if (auto ok = write_solv_file(repo, files.full, SolvContent::full); !ok) return ok;
  return write_solv_file(repo, files.resolve_only, SolvContent::resolve_only);
}

Status read_solv_file(::Repo* repo, const std::filesystem::path& path) {
  CFile f(std::fopen(path.c_str(), "r"));
  if (!f) return bad_input(path.string() + ": cannot read: " + std::strerror(errno));
  if (repo_add_solv(repo, f.get(), 0) != 0)
    return bad_input(path.string() + ": not a usable .solv file: " + pool_errstr(repo->pool));
  return success();
}

}  // namespace ssi::solve
