#pragma once
// Opens a repository directory into a libsolv pool, whatever it holds: RPM files (indexed
// incrementally, then loaded from the index cache) or only rpm-md metadata.
#include <filesystem>
#include <string>
#include <vector>

#include "repo/indexer.hpp"
#include "solve/pool.hpp"
#include "solve/record_loader.hpp"
#include "util/error.hpp"

namespace ssi::repo {

struct RepoSource {
  std::filesystem::path path;
  int priority = 0;  // higher wins when several repositories offer a package
};
// "DIR" or "DIR:PRIORITY" (a trailing colon and integer).
RepoSource parse_repo_source(const std::string& argument);

enum class RepoKind { rpm_directory, metadata_only };

struct OpenedRepo {
  std::string name;
  RepoKind kind = RepoKind::rpm_directory;
  ::Repo* repo = nullptr;  // owned by the pool
  std::vector<std::string> problems;  // unusable files in the directory
  std::filesystem::path resolve_cache;  // the lean .solv this repository was or will be loaded from
};

// Where parsed metadata of read-only repositories is cached ($SSI_OSCAR_CACHE_DIR,
// else $XDG_CACHE_HOME/ssi-oscar, else ~/.cache/ssi-oscar).
std::filesystem::path user_cache_dir();

// `content`: resolve_only loads the lean pool (no descriptions) for resolving.
// After pool.prepare(): stores the file provides the pool needed in each repository's lean
// cache, so the next resolve over the same repositories skips searching the file lists.
// A cache that cannot be written costs only time, so failures are ignored.
void remember_file_provides(solve::Pool& pool, const std::vector<OpenedRepo>& repos);

Expected<OpenedRepo> open_repository(solve::Pool& pool, const RepoSource& source, const IndexOptions& options,
                                     solve::SolvContent content = solve::SolvContent::full);

}  // namespace ssi::repo
