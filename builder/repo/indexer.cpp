#include "repo/indexer.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <unordered_map>

#include "repo/index_cache.hpp"
#include "repo/repodata_writer.hpp"
#include "repo/scan.hpp"
#include "rpm/header_reader.hpp"
#include "rpm/signature.hpp"
#include "solve/pool.hpp"
#include "solve/record_loader.hpp"
#include "util/fs.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace ssi::repo {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSignature = "signature: ";  // begins the error of a refused package

// What one run works on: the files found now, what the cache knew, and the outcome per file.
struct Work {
  ScanResult scan;
  IndexState old_state;
  std::vector<std::optional<PackageRecord>> records;  // per scanned file
  std::vector<std::string> errors;                    // per scanned file
  std::vector<std::size_t> to_read;                   // indices into scan.files
};

std::string repodata_key(const std::vector<FileState>& files, Compression compression) {
  std::string key = std::string(compression_name(compression)) + "|" + source_date_epoch_text();
  for (const FileState& f : files)
    key += "|" + f.file.location + ":" + std::to_string(f.file.size) + ":" + std::to_string(f.file.mtime_ns);
  return sha256_hex(key);
}

bool same_files(const std::vector<ScannedFile>& now, const std::vector<FileState>& before) {
  return std::equal(now.begin(), now.end(), before.begin(), before.end(),
                    [](const ScannedFile& a, const FileState& b) { return a == b.file; });
}

// Pass: decide per file whether the cache still describes it.
void reuse_cached(Work& work, const CachePaths& paths) {
  std::unordered_map<std::string, const FileState*> known;
  for (const FileState& f : work.old_state.files) known[f.file.location] = &f;
  std::unordered_map<std::string, PackageRecord> cached_records;
  if (auto loaded = load_records(paths))
    for (PackageRecord& r : *loaded) cached_records.emplace(r.location, std::move(r));

  const auto& files = work.scan.files;
  work.records.resize(files.size());
  work.errors.resize(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto it = known.find(files[i].location);
    const bool same = it != known.end() && it->second->file == files[i];
    if (same && !it->second->error.empty()) {
      work.errors[i] = it->second->error;
      continue;
    }
    auto rec = cached_records.find(files[i].location);
    if (same && rec != cached_records.end()) work.records[i] = std::move(rec->second);
    else work.to_read.push_back(i);
  }
}

// Pass: open the new and changed files, in parallel.
void read_changed(Work& work, const fs::path& root, const IndexOptions& options) {
  Progress progress("reading headers", work.to_read.size(), options.progress);
  parallel_for(work.to_read.size(), options.jobs, [&](std::size_t k) {
    const std::size_t i = work.to_read[k];
    const std::string& location = work.scan.files[i].location;
    auto record = rpm::read_package(root / location, location);
    if (record) work.records[i] = std::move(record).value();
    else work.errors[i] = record.error().message;
    progress.advance();
  });
}

std::vector<std::string> find_duplicates(const std::vector<PackageRecord>& records) {
  std::map<std::string, std::vector<std::string>> by_nevra;
  for (const PackageRecord& r : records) by_nevra[r.nevra()].push_back(r.location);
  std::vector<std::string> out;
  for (const auto& [nevra, locations] : by_nevra) {
    if (locations.size() < 2) continue;
    std::string line = "duplicate package " + nevra + " in";
    for (const auto& l : locations) line += " " + l;
    out.push_back(line);
  }
  return out;
}

Status write_solv(const std::vector<PackageRecord>& records, const solve::SolvFiles& files) {
  solve::Pool pool;
  ::Repo* repo = pool.add_repo("index");
  solve::add_records(repo, records);
  return solve::write_solv_files(repo, files);
}

}  // namespace

Expected<RunLock> lock_repository(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return bad_input(root.string() + ": not a directory (repository expected)");
  const CachePaths paths(root);
  auto lock = RunLock::acquire(paths.dir / "lock", "the repository " + root.string());
  if (!lock) return lock;
  for (const fs::path& dir : {root, root / "SRPMS", paths.dir}) remove_stale_temporaries(dir);
  return lock;
}

namespace {

// `lock` null: only look whether the cache is current (then it is the summary), never write.
Expected<IndexSummary> index_pass(const fs::path& root, const IndexOptions& options, const Expected<RunLock>* lock) {
  const CachePaths paths(root);
  Work work;
  // Pass: what the cache last saw, and what is on disk now. Without a cache nothing is current:
  // the look without the lock ends before it reads the folder.
  work.old_state = load_index_state(paths);
  std::error_code ec;
  if (!lock && work.old_state.files.empty() && fs::is_directory(root, ec)) return IndexSummary{};
  auto scanned = scan_rpm_files(root);
  if (!scanned) return scanned.error();
  work.scan = std::move(scanned).value();

  // Pass: with keys, every package's signature, before anything of it is trusted. The cache does
  // not know the keys: a run with keys reads everything again, and so does the first run without
  // keys after one that refused packages.
  std::map<std::string, std::string> refused;
  if (!lock && !options.gpg_keys.empty()) return IndexSummary{};  // checked once, under the lock
  if (!options.gpg_keys.empty()) {
    auto keys = rpm::TrustedKeys::load(options.gpg_keys);
    if (!keys) return keys.error();
    for (const auto& f : work.scan.files)
      if (std::string why = keys->problem(root / f.location); !why.empty())
        refused[f.location] = (root / f.location).string() + ": " + kSignature + why;
  }
  const bool refused_before = std::any_of(work.old_state.files.begin(), work.old_state.files.end(),
                                          [](const FileState& f) { return f.error.find(kSignature) != std::string::npos; });

  IndexSummary summary;
  const bool files_unchanged = same_files(work.scan.files, work.old_state.files) && paths.solv.exist() &&
                               options.gpg_keys.empty() && !refused_before;
  const std::string key = repodata_key(work.old_state.files, options.repodata);
  const bool repodata_current = options.repodata == Compression::none ||
                                (work.old_state.repodata_key == key && fs::exists(root / "repodata/repomd.xml"));
  if (!lock && !(files_unchanged && repodata_current)) return summary;  // to be written: under the lock
  if (files_unchanged) {
    summary.unchanged = repodata_current;
    summary.reused = work.scan.files.size();
    for (const FileState& f : work.old_state.files) {
      if (f.error.empty()) ++summary.packages;
      else summary.problems.push_back(f.error);
    }
  }
  if (!files_unchanged || !repodata_current) {
    reuse_cached(work, paths);
    read_changed(work, root, options);
    summary.read = work.to_read.size();
    summary.reused = work.scan.files.size() - summary.read;
  }
  summary.problems.insert(summary.problems.begin(), work.scan.problems.begin(), work.scan.problems.end());
  if (summary.unchanged) {
    if (options.strict == Strict::yes && !summary.problems.empty()) return bad_input(summary.problems.front());
    return summary;
  }

  // Pass: assemble the new state in location order.
  IndexState state;
  std::vector<PackageRecord> records;
  std::size_t kept_from_before = 0;
  std::string untrusted;
  for (std::size_t i = 0; i < work.scan.files.size(); ++i) {
    if (const auto r = refused.find(work.scan.files[i].location); r != refused.end() && work.records[i]) {
      work.records[i].reset();
      work.errors[i] = r->second;
      append_line(untrusted, r->second);
    }
    state.files.push_back({work.scan.files[i], work.errors[i]});
    if (work.records[i]) records.push_back(std::move(*work.records[i]));
    else if (!files_unchanged) summary.problems.push_back(work.errors[i]);
  }
  for (const FileState& f : work.old_state.files)
    kept_from_before += std::binary_search(work.scan.files.begin(), work.scan.files.end(), f.file,
                                           [](const ScannedFile& a, const ScannedFile& b) {
                                             return a.location < b.location;
                                           });
  summary.removed = work.old_state.files.size() - kept_from_before;
  summary.packages = records.size();
  summary.duplicates = find_duplicates(records);
  if (options.strict == Strict::yes && !summary.problems.empty()) {
    std::string all = summary.problems.front();
    for (std::size_t i = 1; i < summary.problems.size(); ++i) all += "\n" + summary.problems[i];
    return bad_input(all);
  }

  // Pass: write the cache (records, pool) and, when asked, rpm-md metadata, side by side; the
  // state last, so that a state saying "up to date" never names a file that was not written.
  if (!*lock) return lock->error();
  if (auto w = ensure_directory(paths.dir); !w) return w.error();
  const auto policy = options.jobs > 1 ? std::launch::async : std::launch::deferred;
  std::future<Status> repodata;
  if (options.repodata != Compression::none)
    repodata = std::async(policy, [&] { return write_repodata(root, records, options.repodata, options.jobs); });
  auto solv = std::async(policy, [&] { return write_solv(records, paths.solv); });
  const Status written[] = {save_records(paths, records), solv.get(), repodata.valid() ? repodata.get() : success()};
  for (const Status& w : written)
    if (!w) return w.error();
  if (options.repodata != Compression::none) {
    state.repodata_key = repodata_key(state.files, options.repodata);
    summary.repodata_written = true;
  } else {
    state.repodata_key = work.old_state.repodata_key;
  }
  if (auto w = save_state(paths, state); !w) return w.error();
  if (!untrusted.empty()) return bad_input(untrusted);
  return summary;
}

}  // namespace

Expected<IndexSummary> index_repository(const fs::path& root, const IndexOptions& options) {
  // A current index is used without the lock (all of it is replaced atomically), so readers never
  // wait for a long build; anything to write waits for the lock and looks again.
  if (auto current = index_pass(root, options, nullptr); !current || current->unchanged) return current;
  const auto lock = lock_repository(root);
  return index_pass(root, options, &lock);
}

}  // namespace ssi::repo
