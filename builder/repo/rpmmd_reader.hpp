#pragma once
// Loads a metadata-only repository (repodata/repomd.xml with primary and filelists, no RPM
// files) into a libsolv repository, keeping the parsed result as a .solv file in a cache
// directory keyed by repomd.xml's checksum: the second load skips the XML entirely.
#include <filesystem>

#include "solve/libsolv.hpp"
#include "solve/record_loader.hpp"
#include "util/error.hpp"

namespace ssi::repo {

bool has_repomd(const std::filesystem::path& root);
// Returns the cache files the repository is kept in.
Expected<solve::SolvFiles> load_rpmmd(::Repo* repo, const std::filesystem::path& root,
                                      const std::filesystem::path& cache_dir,
                                      solve::SolvContent content = solve::SolvContent::full);

}  // namespace ssi::repo
