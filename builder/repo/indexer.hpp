#pragma once
// `repo index`: reads every package of a repository directory once, keeps the result in the
// index cache, and re-reads only what changed on later runs.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "util/compress.hpp"
#include "util/error.hpp"
#include "util/parallel.hpp"
#include "util/progress.hpp"
#include "util/run_lock.hpp"

namespace ssi::repo {

enum class Strict { yes, no };

struct IndexOptions {
  unsigned jobs = default_jobs();
  Strict strict = Strict::no;
  Compression repodata = Compression::none;  // none: no rpm-md metadata is written
  ShowProgress progress = ShowProgress::no;
  // Public keys (ASCII-armoured): with any, only packages signed by one of them are indexed; the
  // others are named in the error (exit 2) after the trusted ones are written.
  std::vector<std::filesystem::path> gpg_keys;
};

struct IndexSummary {
  std::size_t packages = 0;  // usable packages in the index
  std::size_t read = 0;      // files opened in this run
  std::size_t reused = 0;    // files known from the cache, not opened
  std::size_t removed = 0;   // files gone since the last run
  bool unchanged = false;    // nothing to do: the cache was already current
  bool repodata_written = false;
  std::vector<std::string> problems;    // unusable files, one line each, naming the file
  std::vector<std::string> duplicates;  // NEVRAs found in more than one file
};

// The lock every writer of a repository holds (kept with its index cache, DIR/.ssi-oscar/lock):
// `repo index`, `build`, `kernel build`, `import deb`. Taking it also removes what killed runs
// left half-written (DIR/x.rpm.tmp.PID, DIR/repodata.staging.PID).
Expected<RunLock> lock_repository(const std::filesystem::path& root);

// Strict::yes turns problems into an error (exit 2) and then writes nothing. A current index is
// used without the repository's lock; writing one waits for it (a repository whose cache cannot
// be written is read without it).
Expected<IndexSummary> index_repository(const std::filesystem::path& root, const IndexOptions& options);

}  // namespace ssi::repo
