#include "rpm/installed_db.hpp"

#include <algorithm>

#include "rpm/handles.hpp"
#include "rpm/header_fields.hpp"
#include "rpm/rpm_config.hpp"

namespace ssi::rpm {
namespace fs = std::filesystem;

Expected<std::vector<PackageRecord>> read_installed(const fs::path& root) {
  ensure_configured();
  std::vector<PackageRecord> out;
  if (!fs::exists(root / "var/lib/rpm")) return out;
  TransactionSet ts(rpmtsCreate());
  if (rpmtsSetRootDir(ts.get(), fs::absolute(root).c_str()) != 0) return bad_input(root.string() + ": not usable as an rpm root");
  DbIterator it(rpmtsInitIterator(ts.get(), RPMDBI_PACKAGES, nullptr, 0));
  while (Header h = rpmdbNextIterator(it.get())) out.push_back(record_from_header(h));
  std::sort(out.begin(), out.end(), [](const PackageRecord& a, const PackageRecord& b) { return a.nevra() < b.nevra(); });
  return out;
}

}  // namespace ssi::rpm
