#include "repo/rpmmd_reader.hpp"

#include <cstdio>
#include <memory>

#include "solve/record_loader.hpp"
#include "util/c_file.hpp"
#include "util/fs.hpp"
#include "util/sha256.hpp"
#include "util/subprocess.hpp"

namespace ssi::repo {
namespace fs = std::filesystem;
namespace {

// repomd.xml lists each metadata file by type; libsolv keeps that list as repository meta data.
std::string find_location(::Repo* repo, const char* type) {
  ::Pool* pool = repo->pool;
  Dataiterator di;
  dataiterator_init(&di, pool, repo, SOLVID_META, REPOSITORY_REPOMD_TYPE, type, SEARCH_STRING);
  dataiterator_prepend_keyname(&di, REPOSITORY_REPOMD);
  std::string location;
  if (dataiterator_step(&di)) {
    dataiterator_setpos_parent(&di);
    if (const char* loc = pool_lookup_str(pool, SOLVID_POS, REPOSITORY_REPOMD_LOCATION)) location = loc;
  }
  dataiterator_free(&di);
  return location;
}

Status add_metadata_file(::Repo* repo, const fs::path& root, const fs::path& repomd, const char* type, int flags) {
  const std::string location = find_location(repo, type);
  if (location.empty()) {
    if (std::string(type) == "primary") return bad_input(repomd.string() + ": lists no primary metadata");
    return success();  // filelists are optional
  }
  const fs::path file = root / location;
  if (!fs::exists(file)) return bad_input(file.string() + ": missing (listed in " + repomd.string() + ")");
  CFile f(solv_xfopen(file.c_str(), "r"));
  if (!f) return bad_input(file.string() + ": cannot open");
  if (repo_add_rpmmd(repo, f.get(), nullptr, flags) != 0)
    return bad_input(file.string() + ": malformed " + type + " metadata: " + pool_errstr(repo->pool));
  return success();
}

Status parse_rpmmd(::Repo* repo, const fs::path& root) {
  const fs::path repomd = root / "repodata" / "repomd.xml";
  CFile f(std::fopen(repomd.c_str(), "r"));
  if (!f) return bad_input(repomd.string() + ": cannot read");
  if (repo_add_repomdxml(repo, f.get(), REPO_NO_INTERNALIZE) != 0)
    return bad_input(repomd.string() + ": malformed repomd.xml: " + pool_errstr(repo->pool));
  repo_internalize(repo);  // the type/location list must be searchable
  if (auto ok = add_metadata_file(repo, root, repomd, "primary", 0); !ok) return ok;
  if (auto ok = add_metadata_file(repo, root, repomd, "filelists", REPO_EXTEND_SOLVABLES); !ok)
    return ok;
  repo_internalize(repo);
  return success();
}

// libsolv's own converter in a process of its own: the parse grows libsolv's arrays a block at a
// time, which a sanitized ssi-oscar's allocator answers with a new mapping and a copy each time
// (50 s instead of 1 s for CentOS Stream 9; docs/performance.md). Where repo2solv is missing or
// fails, or gives no package (repomd.xml may list no primary), the parse runs here, and names
// what is wrong with the metadata.
bool converted_by_repo2solv(::Repo* repo, const fs::path& root, const fs::path& cache_dir) {
  if (!program_available("repo2solv") || !ensure_directory(cache_dir)) return false;
  const fs::path solv = temporary_name(cache_dir / "repo2solv.solv", "tmp");
  auto converted = run_process({"repo2solv", "-F", "-o", solv.string(), root.string()}, solv.string() + ".log");
  const bool ok =
      converted && converted->exit_code == 0 && solve::read_solv_file(repo, solv) && repo->nsolvables > 0;
  std::error_code ec;
  fs::remove(solv, ec);
  fs::remove(solv.string() + ".log", ec);
  if (!ok) repo_empty(repo, 1);
  return ok;
}

}  // namespace

bool has_repomd(const fs::path& root) { return fs::exists(root / "repodata" / "repomd.xml"); }

Expected<solve::SolvFiles> load_rpmmd(::Repo* repo, const fs::path& root, const fs::path& cache_dir,
                                      solve::SolvContent content) {
  const fs::path repomd = root / "repodata" / "repomd.xml";
  auto key = sha256_file_hex(repomd);
  if (!key) return key.error();
  const solve::SolvFiles cached(cache_dir / *key);
  if (cached.exist()) {
    if (solve::read_solv_file(repo, cached.for_content(content))) return cached;
    repo_empty(repo, 1);  // a damaged cache entry: start over from the XML
  }
  std::error_code ec;
  fs::remove_all(cache_dir, ec);
  if (!converted_by_repo2solv(repo, root, cache_dir))
    if (auto ok = parse_rpmmd(repo, root); !ok) return ok.error();
  // A cache that cannot be written only costs time next run; the repository is loaded.
  if (ensure_directory(cache_dir)) (void)solve::write_solv_files(repo, cached);
  return cached;
}

}  // namespace ssi::repo
