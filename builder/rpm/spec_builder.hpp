#pragma once
// Builds a spec with rpmbuild (librpmbuild's front end) in a child process: librpmbuild keeps
// global macro state and its scriptlets write to stdout/stderr, so each build gets a fresh
// process whose output goes to the build log, and a failure cannot leave the parent in a
// half-configured state.
#include <cstdint>
#include <sys/types.h>

#include <filesystem>
#include <optional>

#include "util/error.hpp"

namespace ssi::rpm {

struct SpecBuild {
  std::filesystem::path topdir;  // with SPECS/, SOURCES/; RPMS/ and SRPMS/ receive the packages
  // When set: the folder this run really builds in, which the build sees at `topdir` through a
  // private mount, so runs building the same recipe at once never share a tree while the build
  // paths recorded in the packages stay the same (and the packages byte-identical).
  std::filesystem::path private_tree;
  std::filesystem::path spec;
  std::filesystem::path log;
  std::int64_t source_date_epoch = 0;
  unsigned cpus = 2;  // pinned: the value is recorded in the source RPM
  // When set: the scripts run chrooted into this root (rpm/build_root_shell.hpp); needs the
  // private tree's namespaces.
  std::filesystem::path build_root;
  std::string log_preamble;  // written at the top of the log: what the build ran with
  enum class SourcePackage { yes, no } source_package = SourcePackage::yes;
};

// Whether this process may give a build a private mount namespace (root, or CAP_SYS_ADMIN).
bool private_build_trees_available();

// Starts %prep, %build, %install, %check and the packaging of binary and source RPMs (zstd
// payloads, reproducible settings) in a child process. Call it from a process that runs no other
// thread: a child forked beside running threads can inherit a lock one of them held.
Expected<pid_t> start_spec_build(const SpecBuild& build);
// Does not block: nothing while the child still runs; then its outcome, a failure being a
// step_failed error with the log's last lines and its path.
std::optional<Status> poll_spec_build(pid_t child, const SpecBuild& build);

}  // namespace ssi::rpm
