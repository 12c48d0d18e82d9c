#pragma once
// Adds PackageRecords to a libsolv repository, and moves repositories to and from .solv files.
#include <filesystem>
#include <vector>

#include "rpm/package_record.hpp"
#include "solve/libsolv.hpp"
#include "util/error.hpp"

namespace ssi::solve {

void add_records(::Repo* repo, const std::vector<PackageRecord>& records);

// `full` keeps everything; `resolve_only` keeps what resolving and its report need (relations,
// file lists, sizes, locations, checksums) and drops texts such as descriptions and changelogs:
// a third of the bytes, so a resolve loads faster.
enum class SolvContent { full, resolve_only };
Status write_solv_file(::Repo* repo, const std::filesystem::path& path, SolvContent content = SolvContent::full);

// The two .solv files kept for one repository: STEM.solv and STEM.resolve.solv.
struct SolvFiles {
  std::filesystem::path full, resolve_only;
  explicit SolvFiles(const std::filesystem::path& stem);
  const std::filesystem::path& for_content(SolvContent content) const;
  bool exist() const;
};
Status write_solv_files(::Repo* repo, const SolvFiles& files);
Status read_solv_file(::Repo* repo, const std::filesystem::path& path);

}  // namespace ssi::solve
