#include "distro/distro_fetch.hpp"

#include <chrono>

#include "distro/apt_sources.hpp"
#include "distro/downloader.hpp"
#include "util/fs.hpp"
#include "util/run_lock.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace ssi::distro {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

bool fresh(const fs::path& file, std::chrono::seconds max_age) {
  std::error_code ec;
  const auto written = fs::last_write_time(file, ec);
  return !ec && fs::file_time_type::clock::now() - written < max_age;
}

// Whether the cached `file` is the one `sha256` names; a present but different file is noted
// (a corrupt or truncated download) and removed.
bool cached_intact(const fs::path& file, const std::string& sha256, std::vector<std::string>& notes) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return false;
  auto digest = sha256_file_hex(file);
  if (digest && *digest == sha256) return true;
  notes.push_back(file.string() + ": " + (digest ? "sha256 " + *digest + ", the index says " + sha256 : digest.error().message) +
                  ": fetched again");
  fs::remove(file, ec);
  return false;
}

Expected<ReleaseFile> fetch_release(const Distro& d, const std::string& base, const fs::path& dir,
                                    const FetchOptions& options, SuiteReport& report) {
  const fs::path in_release = dir / "InRelease";
  if (!fresh(in_release, options.release_max_age)) {
    if (auto ok = download({{base + "/InRelease", in_release, ""}}, dir / "download.log"); !ok) return ok.error();
    report.release_downloaded = true;
  }
  auto text = verified_release_text(in_release, d.keyring, dir / "gpgv.log");
  if (!text) {
    std::error_code ec;
    fs::remove(in_release, ec);  // the next run fetches it again rather than trusting it
    return text.error();
  }
  auto release = parse_release(*text, in_release);
  if (release && release->codename != report.suite && release->suite != report.suite)
    return bad_input(in_release.string() + ": the suite is " + release->codename + " (" + release->suite + "), not " +
                     d.name + "'s " + report.suite);
  return release;
}

// One Packages file per component and architecture, the best compressed one InRelease lists.
Expected<std::vector<fs::path>> fetch_indexes(const Distro& d, const std::string& base, const fs::path& dir,
                                              SuiteReport& report, std::vector<std::string>& notes) {
  std::vector<fs::path> indexes;
  std::vector<Download> wanted;
  for (const auto& component : d.components)
    for (const auto& arch : d.architectures) {
      const std::string stem = component + "/binary-" + arch + "/Packages";
      const std::string* chosen = nullptr;
      for (const char* suffix : {".xz", ".gz", ""})
        if (report.release.sha256.count(stem + suffix)) {
          chosen = &report.release.sha256.find(stem + suffix)->first;
          break;
        }
      if (!chosen) return bad_input(d.name + ": " + report.suite + "'s InRelease lists no " + stem + " index");
      const IndexEntry& entry = report.release.sha256.at(*chosen);
      const fs::path file = dir / "indexes" / (entry.sha256 + "-" + fs::path(*chosen).filename().string());
      indexes.push_back(file);
      if (cached_intact(file, entry.sha256, notes)) ++report.indexes_cached;
      else wanted.push_back({base + "/" + *chosen, file, entry.sha256});
    }
  if (auto ok = download(wanted, dir / "download.log"); !ok) return ok.error();
  report.indexes_downloaded = wanted.size();
  return indexes;
}

// The suites and where each is served: --mirror for all, or the host's apt sources.
Expected<std::vector<SuiteReport>> suites_of(const Distro& distro, const FetchOptions& options) {
  std::vector<SuiteReport> suites;
  std::vector<AptSource> host;
  std::string mirror = options.mirror;
  if (mirror.empty()) {
    host = host_apt_sources(options.etc_apt);
    auto chosen = choose_mirror(host, distro);
    if (!chosen) return chosen.error();
    mirror = *chosen;
  }
  while (mirror.size() > 1 && mirror.back() == '/') mirror.pop_back();
  auto served = [&](const std::string& suite) { return options.mirror.empty() ? suite_mirror(host, suite, mirror) : mirror; };
  suites.push_back({distro.suite, mirror, {}, {}, false, 0, 0});
  for (const auto& update : distro.updates) suites.push_back({update, served(update), {}, {}, false, 0, 0});
  for (const auto& b : distro.borrowed) suites.push_back({b.suite, served(b.suite), b.packages, {}, false, 0, 0});
  return suites;
}

}  // namespace

Expected<std::vector<PackageSource>> fetch_suite_indexes(const Distro& distro, const FetchOptions& options, FetchReport& report) {
  auto suites = suites_of(distro, options);
  if (!suites) return suites.error();
  report.suites = std::move(suites).value();
  const fs::path dir = options.cache / distro.name;
  std::vector<PackageSource> sources;
  for (auto& suite : report.suites) {
    const std::string base = suite.mirror + "/dists/" + suite.suite;
    const fs::path suite_dir = dir / suite.suite;
    if (auto ok = ensure_directory(suite_dir); !ok) return ok.error();
    auto release = fetch_release(distro, base, suite_dir, options, suite);
    if (!release) return release.error();
    suite.release = std::move(release).value();
    auto indexes = fetch_indexes(distro, base, suite_dir, suite, report.notes);
    if (!indexes) return indexes.error();
    sources.push_back({suite.suite, std::move(indexes).value(), suite.only});
  }
  return sources;
}

Expected<RunLock> lock_package_cache(const Distro& distro, const FetchOptions& options) {
  if (auto ok = ensure_directory(options.cache / distro.name); !ok) return ok.error();
  return RunLock::acquire(options.cache / (distro.name + ".lock"), "the package cache " + (options.cache / distro.name).string());
}

Expected<FetchReport> fetch_packages(const Distro& distro, const std::vector<std::string>& names, const FetchOptions& options) {
  FetchReport report;
  auto lock = lock_package_cache(distro, options);
  if (!lock) return lock.error();
  auto sources = fetch_suite_indexes(distro, options, report);
  if (!sources) return sources.error();
  const fs::path dir = options.cache / distro.name;
  auto closure = resolve_closure(*sources, distro.architectures.front(), names, distro.name + " (" + distro.suite + ")");
  if (!closure) return closure.error();
  report.packages = std::move(closure).value();

  std::vector<Download> wanted;
  std::vector<bool> downloaded;
  for (const auto& p : report.packages) {
    const fs::path file = options.cache / "debs" / fs::path(p.filename).filename();
    report.debs.push_back(file);
    downloaded.push_back(!cached_intact(file, p.sha256, report.notes));
    if (downloaded.back()) wanted.push_back({report.suites[p.source].mirror + "/" + p.filename, file, p.sha256});
  }
  const auto started = Clock::now();
  if (auto ok = download(wanted, dir / "download.log"); !ok) return ok.error();
  report.download_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  report.debs_downloaded = wanted.size();
  report.debs_cached = report.packages.size() - wanted.size();
  for (std::size_t i = 0; i < report.packages.size(); ++i) {
    std::error_code ec;
    report.packages[i].size = fs::file_size(report.debs[i], ec);
    report.bytes_total += report.packages[i].size;
    if (downloaded[i]) report.bytes_downloaded += report.packages[i].size;
  }

  if (options.repo.empty()) return report;
  debimport::ImportOptions import = options.import;
  import.repo = options.repo;
  import.merged_usr = distro.merged_usr;
  auto imported = debimport::import_debs(report.debs, import);
  if (!imported) return imported.error();
  report.imported = std::move(imported).value();
  return report;
}

}  // namespace ssi::distro
