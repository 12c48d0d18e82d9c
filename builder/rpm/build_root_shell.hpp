#pragma once
// The shell rpmbuild runs its build scripts with (%prep, %build, %install, %check, %clean) when a
// build happens inside a build root: each script runs chrooted into the root, which the build
// sees through an overlay whose writable layer is a tmpfs of its own, so the cached root is never
// written and two builds may share it. The build tree is bind-mounted at its own path, so every
// path in the spec means the same on both sides.
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::rpm {

// rpmbuild --define options that make `topdir`'s build scripts run inside `root`; the entry
// script, the unpacker %setup uses and the scripts' temporary folder live in TOPDIR/tmp.
std::vector<std::string> build_root_macros(const std::filesystem::path& topdir, const std::filesystem::path& root);

// Writes the entry script and the unpacker into TREE/tmp (TREE: where the build tree really is).
Status write_build_root_shell(const std::filesystem::path& tree);

}  // namespace ssi::rpm
