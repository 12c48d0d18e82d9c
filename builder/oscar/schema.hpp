#pragma once
// The config.xml schemas (builder/oscar/opkg.xsd, opkg-oscar4.xsd), built into the binary.
#include <string_view>

namespace ssi::oscar {

enum class ConfigFormat {
  opkg61,  // OSCAR 5/6: <changelog>, serverDeps/clientDeps
  oscar4,  // OSCAR 4.x, SSI-OSCAR 1.0/2.0: <version><major>..., <rpmlist> with group filters
};
const char* format_name(ConfigFormat format);  // "opkg 6.1", "OSCAR 4"

std::string_view opkg_schema(ConfigFormat format);

}  // namespace ssi::oscar
