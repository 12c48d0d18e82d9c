#pragma once
// Adds PackageRecords to a libsolv repository, and moves repositories to and from .solv files.
#include <filesystem>
#include <vector>

#include "rpm/package_record.hpp"
#include "solve/libsolv.hpp"
#include "util/error.hpp"

namespace ssi::solve {

void add_records(::Repo* repo, const std::vector<PackageRecord>& records);
Status write_solv_file(::Repo* repo, const std::filesystem::path& path);
Status read_solv_file(::Repo* repo, const std::filesystem::path& path);

}  // namespace ssi::solve
