#pragma once
// `ssi-oscar distro fetch`: a package list's closure from a distribution's own suite, downloaded
// once into a cache and imported (as RPMs) into that distribution's repository.
//
// Each suite's InRelease (the release suite's and its updates') is checked with the
// distribution's keyring, each Packages index against InRelease's SHA256 and each .deb against its
// index's. The cache holds InRelease (reused for an hour), the indexes by digest and the .debs by
// file name, each checked against its digest on every use: a corrupt or truncated file is named
// and fetched again.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "debimport/deb_importer.hpp"
#include "distro/distro_definition.hpp"
#include "distro/package_index.hpp"
#include "distro/release_file.hpp"
#include "util/error.hpp"
#include "util/run_lock.hpp"

namespace ssi::distro {

struct FetchOptions {
  std::string mirror;                       // "" → the host's apt sources (choose_mirror)
  std::filesystem::path etc_apt = "/etc/apt";
  std::filesystem::path cache;              // holds DISTRO/ (release, indexes) and debs/
  std::filesystem::path repo;               // "" → download only, import nothing
  debimport::ImportOptions import;          // its repo is `repo`
  std::chrono::seconds release_max_age{3600};
};

struct SuiteReport {
  std::string suite, mirror;
  std::vector<std::string> only;  // a borrowing suite: only these packages of it count
  ReleaseFile release;
  bool release_downloaded = false;
  std::size_t indexes_downloaded = 0, indexes_cached = 0;
};

struct FetchReport {
  std::vector<SuiteReport> suites;  // the release suite first, then its updates, then borrowed suites
  std::vector<ArchivePackage> packages;
  std::vector<std::filesystem::path> debs;  // in the cache, one per package
  std::size_t debs_cached = 0, debs_downloaded = 0;
  std::uint64_t bytes_total = 0, bytes_downloaded = 0;
  double download_seconds = 0;
  std::vector<std::string> notes;  // cache files found corrupt and fetched again
  std::vector<debimport::ImportedPackage> imported;
};

// Holds the distribution's package cache against other runs (released when the value goes).
Expected<RunLock> lock_package_cache(const Distro& distro, const FetchOptions& options);
// Every suite's InRelease checked and its Packages indexes fetched (or found in the cache), as
// `report.suites` says; the caller holds lock_package_cache.
Expected<std::vector<PackageSource>> fetch_suite_indexes(const Distro& distro, const FetchOptions& options, FetchReport& report);

Expected<FetchReport> fetch_packages(const Distro& distro, const std::vector<std::string>& names, const FetchOptions& options);

}  // namespace ssi::distro
