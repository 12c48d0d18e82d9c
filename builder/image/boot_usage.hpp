#pragma once
// What a node opened in its boot test (`image boot-test --usage`) set against what its image
// ships: the files and bytes each package and each OSCAR package had opened, and the packages
// none of whose shipped files were opened, proposed for `not_shipped` with the bytes they would
// save. The node ran its boot checks, not a cluster's life: what only a cluster opens (sshd, NFS
// mounts, Slurm's daemons) is proposed too, so a proposal is only as good as the boot of the image
// built with it (docs/images.md).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "image/manifest.hpp"
#include "rpm/package_record.hpp"
#include "util/error.hpp"

namespace ssi::image {

// IMAGE/boot-usage.txt: the paths the last passed `image boot-test --usage` opened, one a line,
// sorted; IMAGE/cluster-usage.txt the same from the last `cluster test --usage` (its suite runner,
// after the suites). `image usage` reads their union.
std::filesystem::path boot_usage_file(const std::filesystem::path& image_dir);
std::filesystem::path cluster_usage_file(const std::filesystem::path& image_dir);

// The paths a node's console listed (kUsedPrefix lines), or nullopt when it did not end its list
// (no kUsageDone line).
std::optional<std::set<std::string>> listed_opened(const std::vector<std::string>& console_lines);
// The paths into `file`, sorted, one a line.
Status write_opened(const std::filesystem::path& file, const std::set<std::string>& opened);

struct UsageCount {
  std::uint64_t files = 0, bytes = 0, opened_files = 0, opened_bytes = 0;  // shipped regular files
  void add(std::uint64_t size, bool opened);
};

struct PackageUsage {
  std::string name, group;  // group as the manifest has it ("oscar:NAME", "listed", "kernel", ...)
  UsageCount count;
  bool opened_through_link = false;  // one of its symlinks leads to an opened file: never proposed
};

struct GroupUsage {
  std::string group;
  UsageCount count;
};

struct BootUsage {
  std::string image;
  std::vector<std::string> sources;  // what the lists came from: "boot test", "cluster test"
  UsageCount total;                  // every shipped regular file, a package's or not
  std::vector<PackageUsage> packages;  // packages with shipped files, most unopened bytes first
  std::vector<GroupUsage> groups;      // the same by what put the packages there, most unopened first
  std::vector<std::string> proposed;   // shipped files, none opened nor led to, not the kernel's: `not_shipped` names
  std::uint64_t proposed_files = 0, proposed_bytes = 0;
};

// From the pieces: the image's root tree (IMAGE/root), its installed packages, its manifest (the
// packages' groups, the kernel's package) and the opened paths ("/usr/bin/x" as the node saw them).
BootUsage usage_of(const std::filesystem::path& root, const std::vector<PackageRecord>& installed, const Manifest& manifest,
                   const std::set<std::string>& opened);

// Reads IMAGE/manifest.json, the rpmdb of IMAGE/root and the usage lists there; an image with
// neither (never boot-tested or cluster-tested with --usage) is an error that says so.
Expected<BootUsage> boot_usage(const std::filesystem::path& image_dir);

std::string usage_text(const BootUsage& usage, std::size_t rows);
nlohmann::json usage_json(const BootUsage& usage);

}  // namespace ssi::image
