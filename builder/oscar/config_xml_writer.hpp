#pragma once
// Writes an OSCAR package's config.xml in the opkg format (6.1).
#include <string>

#include "oscar/opkg.hpp"

namespace ssi::oscar {

std::string render_config_xml(const Opkg& opkg);

}  // namespace ssi::oscar
