#pragma once
// Writes an OSCAR package's config.xml in the opkg format (6.1).
#include <string>

#include "oscar/opkg.hpp"

namespace ssi::oscar {

std::string render_config_xml(const Opkg& opkg);
// The OSCAR 4.x format (SSI-OSCAR 1.0/2.0): <version> parts and <rpmlist> blocks whose group
// filter (oscar_server, oscar_clients) says which nodes get the packages.
std::string render_config_xml_oscar4(const Opkg& opkg, const std::string& version, const std::string& release);

}  // namespace ssi::oscar
