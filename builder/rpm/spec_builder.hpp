#pragma once
// Builds a spec in-process with librpmbuild, in a child process: librpmbuild keeps global macro
// state and its scriptlets write to stdout/stderr, so each build gets a fresh process whose
// output goes to the build log, and a failure cannot leave the parent in a half-configured state.
#include <cstdint>
#include <filesystem>

#include "util/error.hpp"

namespace ssi::rpm {

struct SpecBuild {
  std::filesystem::path topdir;  // with SPECS/, SOURCES/; RPMS/ and SRPMS/ receive the packages
  std::filesystem::path spec;
  std::filesystem::path log;
  std::int64_t source_date_epoch = 0;
  unsigned cpus = 2;  // pinned: the value is recorded in the source RPM
};

// Runs %prep, %build, %install, %check and writes binary and source RPMs (zstd payloads,
// reproducible settings). A failure is a step_failed error with the log's last lines and its path.
Status build_spec(const SpecBuild& build);

}  // namespace ssi::rpm
