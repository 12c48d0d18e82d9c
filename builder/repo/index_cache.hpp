#pragma once
// The index cache kept inside a repository (DIR/.ssi-oscar/): a small table of what stat()
// said of every file when it was read (so an unchanged repository is recognised without
// opening a package), the package records, and the libsolv pool in .solv form.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "repo/scan.hpp"
#include "rpm/package_record.hpp"
#include "solve/record_loader.hpp"
#include "util/error.hpp"

namespace ssi::repo {

struct FileState {
  ScannedFile file;
  std::string error;  // why the file is not a usable package; "" when it is
};

struct IndexState {
  std::vector<FileState> files;  // sorted by location
  std::string repodata_key;      // what the written repodata was made from; "" if none
};

struct CachePaths {
  std::filesystem::path dir, state, records;
  solve::SolvFiles solv;
  explicit CachePaths(const std::filesystem::path& repo_root);
};

// A missing or unreadable cache (or one written by another format version) is an empty state:
// the repository is then indexed from scratch.
IndexState load_index_state(const CachePaths& paths);
std::optional<std::vector<PackageRecord>> load_records(const CachePaths& paths);
// The records first, the state after every other output is written (the state is what says
// "up to date"); the cache folder must exist.
Status save_records(const CachePaths& paths, const std::vector<PackageRecord>& records);
Status save_state(const CachePaths& paths, const IndexState& state);

}  // namespace ssi::repo
