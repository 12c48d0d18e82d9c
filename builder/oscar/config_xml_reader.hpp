#pragma once
// Reads an OSCAR package's config.xml of either format into the opkg model, so existing OSCAR
// packages can be validated, rewritten and rebuilt.
#include <filesystem>
#include <string>

#include "oscar/opkg.hpp"
#include "oscar/schema.hpp"
#include "util/error.hpp"

namespace ssi::oscar {

struct ReadPackage {
  Opkg opkg;
  ConfigFormat format = ConfigFormat::opkg61;
  std::string version, release;  // of the newest changelog entry (6.1) or <version> (OSCAR 4)
};

// `id` (the package's folder name) names an OSCAR 4 package, and a 6.1 one whose name is not an
// identifier: OSCAR 4's <name> is for display ("LAM/MPI").
Expected<ReadPackage> read_config_xml(const std::filesystem::path& file, const std::string& id);

}  // namespace ssi::oscar
