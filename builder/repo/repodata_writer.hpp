#pragma once
// Writes rpm-md metadata (repodata/repomd.xml, primary, filelists, other) for a set of packages,
// as dnf and createrepo_c read it. Byte-identical for identical inputs: every timestamp comes
// from SOURCE_DATE_EPOCH or the newest package, never from the clock.
#include <filesystem>
#include <string>
#include <vector>

#include "rpm/package_record.hpp"
#include "util/compress.hpp"
#include "util/error.hpp"

namespace ssi::repo {

std::string source_date_epoch_text();  // $SOURCE_DATE_EPOCH, or "" when unset

// The three documents (uncompressed XML), separately testable from the files around them.
std::string render_primary(const std::vector<PackageRecord>& records, std::int64_t reference_time);
std::string render_filelists(const std::vector<PackageRecord>& records);
std::string render_other(const std::vector<PackageRecord>& records);

// Replaces ROOT/repodata as a whole: readers see the old metadata or the new, never a mix. The
// three documents are made on up to `jobs` threads.
Status write_repodata(const std::filesystem::path& root, const std::vector<PackageRecord>& records,
                      Compression compression, unsigned jobs = 1);

}  // namespace ssi::repo
