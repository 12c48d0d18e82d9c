#pragma once
// Questions about the packages in a pool: who provides or requires a capability, what a package is.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "solve/pool.hpp"

namespace ssi::solve {

struct PackageInfo {
  std::string nevra, name, evr, arch, repo, location, summary, description, license, url, sourcerpm;
  std::uint64_t download_size = 0, install_size = 0;
  std::vector<std::pair<std::string, std::vector<std::string>>> dependencies;  // ("requires", [...]), ...
};

enum class Detail { brief, full };

// `capability` is a name, "name op evr", a rich dependency or a file path.
std::vector<PackageInfo> what_provides(Pool& pool, const std::string& capability);
std::vector<PackageInfo> what_requires(Pool& pool, const std::string& capability);
std::vector<PackageInfo> packages_named(Pool& pool, const std::string& name, Detail detail);
std::vector<PackageInfo> all_packages(Pool& pool);

}  // namespace ssi::solve
