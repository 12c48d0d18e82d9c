#include "oscar/opkg.hpp"
#include "oscar/schema.hpp"

#include <algorithm>

namespace ssi::oscar {

bool PackageRef::applies_to(const std::string& dist, const std::string& arch) const {
  auto in = [](const std::vector<std::string>& list, const std::string& value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
  };
  return in(dists, dist) && in(archs, arch);
}

std::vector<PackageRef> for_target(const std::vector<PackageRef>& refs, const Target& target) {
  std::vector<PackageRef> out;
  for (const auto& r : refs)
    if (r.applies_to(target.dist, target.arch)) out.push_back(r);
  return out;
}

const char* format_name(ConfigFormat format) { return format == ConfigFormat::oscar4 ? "OSCAR 4" : "opkg 6.1"; }

std::string api_package(const std::string& opkg) { return "opkg-" + opkg; }
std::string server_package(const std::string& opkg) { return "opkg-" + opkg + "-server"; }
std::string client_package(const std::string& opkg) { return "opkg-" + opkg + "-client"; }

}  // namespace ssi::oscar
