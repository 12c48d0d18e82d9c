#include "repo/repository.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "repo/index_cache.hpp"
#include "repo/rpmmd_reader.hpp"
#include "repo/scan.hpp"
#include "solve/record_loader.hpp"
#include "util/sha256.hpp"

namespace ssi::repo {
namespace fs = std::filesystem;

RepoSource parse_repo_source(const std::string& argument) {
  const auto colon = argument.rfind(':');
  if (colon != std::string::npos && colon + 1 < argument.size() &&
      argument.find_first_not_of("-0123456789", colon + 1) == std::string::npos) {
    return {argument.substr(0, colon), std::atoi(argument.c_str() + colon + 1)};
  }
  return {argument, 0};
}

fs::path user_cache_dir() {
  if (const char* dir = std::getenv("SSI_OSCAR_CACHE_DIR"); dir && *dir) return dir;
  if (const char* dir = std::getenv("XDG_CACHE_HOME"); dir && *dir) return fs::path(dir) / "ssi-oscar";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "ssi-oscar";
  return fs::temp_directory_path() / "ssi-oscar-cache";
}

Expected<OpenedRepo> open_repository(solve::Pool& pool, const RepoSource& source, const IndexOptions& options,
                                     solve::SolvContent content) {
  OpenedRepo opened;
  opened.name = source.path.string();
  auto scanned = scan_rpm_files(source.path);
  if (!scanned) return scanned.error();
  opened.repo = pool.add_repo(opened.name, source.priority);

  if (scanned->files.empty() && has_repomd(source.path)) {
    opened.kind = RepoKind::metadata_only;
    const fs::path absolute = fs::absolute(source.path).lexically_normal();
    const fs::path cache = user_cache_dir() / "metadata" / sha256_hex(absolute.string()).substr(0, 16);
    auto loaded = load_rpmmd(opened.repo, source.path, cache, content);
    if (!loaded) return loaded.error();
    opened.resolve_cache = loaded->resolve_only;
    return opened;
  }
  auto summary = index_repository(source.path, options);
  if (!summary) return summary.error();
  opened.problems = summary->problems;
  const CachePaths paths(source.path);
  if (auto ok = solve::read_solv_file(opened.repo, paths.solv.for_content(content)); !ok) return ok.error();
  opened.resolve_cache = paths.solv.resolve_only;
  return opened;
}

void remember_file_provides(solve::Pool& pool, const std::vector<OpenedRepo>& repos) {
  pool.prepare();
  const std::vector<Id>& needed = pool.added_file_provides();
  if (needed.empty()) return;
  for (const OpenedRepo& opened : repos) {
    solve::IdQueue known;
    repo_lookup_idarray(opened.repo, SOLVID_META, REPOSITORY_ADDEDFILEPROVIDES, known.get());
    const std::set<Id> have(known.begin(), known.end());
    if (std::all_of(needed.begin(), needed.end(), [&](Id id) { return have.count(id) > 0; })) continue;
    solve::IdQueue all;
    for (Id id : needed) all.push(id);
    Repodata* data = repo_last_repodata(opened.repo);
    repodata_set_idarray(data, SOLVID_META, REPOSITORY_ADDEDFILEPROVIDES, all.get());
    repodata_internalize(data);
    (void)solve::write_solv_file(opened.repo, opened.resolve_cache, solve::SolvContent::resolve_only);
  }
}

}  // namespace ssi::repo
