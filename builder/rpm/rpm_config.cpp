#include "rpm/rpm_config.hpp"

#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>

#include <mutex>

#include "rpm/rpm_log.hpp"
#include "util/kept_allocations.hpp"

namespace ssi::rpm {

void ensure_configured() {
  static std::once_flag once;
  std::call_once(once, [] {
    KeptForTheProcess kept;  // librpm keeps its macro and configuration tables
    rpmReadConfigFiles(nullptr, nullptr);
    rpmPushMacro(nullptr, "_dbpath", nullptr, "/var/lib/rpm", RMIL_CMDLINE);
    capture_log_messages();
  });
}

}  // namespace ssi::rpm
