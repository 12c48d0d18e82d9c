#include "oscar/opkg.hpp"

namespace ssi::oscar {

std::string api_package(const std::string& opkg) { return "opkg-" + opkg; }
std::string server_package(const std::string& opkg) { return "opkg-" + opkg + "-server"; }
std::string client_package(const std::string& opkg) { return "opkg-" + opkg + "-client"; }

}  // namespace ssi::oscar
