#pragma once
// The opkg config.xml schema (builder/oscar/opkg.xsd), built into the binary.
#include <string_view>

namespace ssi::oscar {

std::string_view opkg_schema();

}  // namespace ssi::oscar
