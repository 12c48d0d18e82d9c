#pragma once
// Installs RPM files into a root directory with librpm's transaction API: the rpmdb goes to
// ROOT/var/lib/rpm, file conflicts and damaged packages stop the transaction.
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "util/progress.hpp"

namespace ssi::rpm {

enum class Scriptlets { run, skip };  // run: rpm chroots into the root for them (needs root)

struct InstallReport {
  std::size_t installed = 0;
  std::vector<std::string> scriptlet_failures;  // "%post(kerrighed-lib-3.0.0-1.x86_64) exit 127"
};

// The dependencies are the caller's business (resolved beforehand); the order is rpm's.
// `install_time` goes into the rpmdb instead of the clock (rpm reads SOURCE_DATE_EPOCH), so
// equal inputs give an equal database.
Expected<InstallReport> install_into_root(const std::filesystem::path& root, const std::vector<std::filesystem::path>& packages,
                                          Scriptlets scriptlets, std::int64_t install_time,
                                          ShowProgress progress = ShowProgress::no);

}  // namespace ssi::rpm
