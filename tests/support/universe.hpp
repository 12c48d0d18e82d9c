#pragma once
// The test universe: a small set of real RPMs covering what the resolver must handle
// (versioned and virtual provides, conflicts, obsoletes, file and rich dependencies, epochs,
// noarch and x86_64, an i686 multilib twin, a broken package). Built once with rpmbuild and
// shared by every test process through a stamped directory in the build tree.
#include <filesystem>
#include <vector>

#include "support/rpm_factory.hpp"

namespace ssi::test {

const std::vector<TestPackage>& universe_packages();
// The directory holding the universe's RPMs (read-only for tests: copy it to change it).
const std::filesystem::path& universe_rpms();
// A fresh copy of the universe's RPMs in `dir` (created).
void copy_universe(const std::filesystem::path& dir);
// A scratch directory under the build tree, unique to this test.
std::filesystem::path scratch_dir();

}  // namespace ssi::test
