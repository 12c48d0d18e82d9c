#pragma once
// Builds real RPMs for tests with rpmbuild, from a compact description of each package.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ssi::test {

struct TestPackage {
  std::string name, version = "1.0", release = "1", arch = "x86_64";  // or "noarch"
  std::optional<int> epoch;
  std::vector<std::string> requires_, requires_pre, provides, conflicts, obsoletes, recommends;
  std::vector<std::string> files;         // regular files, each with a line of content
  std::vector<std::string> config_files;  // %config(noreplace)
  std::vector<std::string> dirs;          // %dir
  std::vector<std::string> ghosts;        // %ghost
  std::string install;                    // more %install shell (symlinks, hard links, modes)
  std::vector<std::string> file_lines;    // more %files lines, as written ("%attr(4755,-,-) /x", "%dev(c,1,3) /d")
  std::string summary = "test package";
};

// A noarch package of that name, the rest as declared above (fill in what the test needs).
TestPackage noarch_package(const std::string& name);

std::string render_spec(const TestPackage& package);

// Builds every package (in parallel) into `out_dir` as NAME-VERSION-RELEASE.ARCH.rpm.
// Throws std::runtime_error with rpmbuild's output when a build fails.
std::vector<std::filesystem::path> build_rpms(const std::vector<TestPackage>& packages,
                                              const std::filesystem::path& out_dir);

}  // namespace ssi::test
