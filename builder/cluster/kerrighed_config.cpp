#include "cluster/kerrighed_config.hpp"

#include <regex>
#include <set>

#include "util/fs.hpp"
#include "util/root_path.hpp"

namespace ssi::cluster {

std::vector<std::string> check_cluster(const Cluster& c) {
  std::vector<std::string> problems;
  if (c.session < 1 || c.session > 254) problems.push_back("session " + std::to_string(c.session) + ": 1 to 254");
  if (c.nbmin && (*c.nbmin < 1 || *c.nbmin > static_cast<int>(c.nodes.size())))
    problems.push_back("nbmin " + std::to_string(*c.nbmin) + ": from 1 to the number of nodes (" +
                       std::to_string(c.nodes.size()) + ")");
  static const std::regex hostname("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
  static const std::regex iface("[A-Za-z0-9._-]+");
  std::set<std::string> names;
  std::set<int> ids;
  for (const Node& n : c.nodes) {
    if (!std::regex_match(n.name, hostname)) problems.push_back("node \"" + n.name + "\": not a host name");
    if (!std::regex_match(n.iface, iface)) problems.push_back("node " + n.name + ": iface \"" + n.iface + "\" is not an interface name");
    if (n.id < 0 || n.id > 255) problems.push_back("node " + n.name + ": id " + std::to_string(n.id) + " outside 0..255");
    if (!names.insert(n.name).second) problems.push_back("node " + n.name + ": listed twice");
    if (!ids.insert(n.id).second) problems.push_back("node " + n.name + ": id " + std::to_string(n.id) + " used twice");
  }
  return problems;
}

std::string render_kerrighed_nodes(const Cluster& c) {
  std::string out = "session=" + std::to_string(c.session) + "\n";
  if (c.nbmin) out += "nbmin=" + std::to_string(*c.nbmin) + "\n";
  for (const Node& n : c.nodes) out += n.name + ":" + std::to_string(n.id) + ":" + n.iface + "\n";
  return out;
}

Status write_kerrighed_config(const std::filesystem::path& root, const Cluster& c) {
  const auto dir = in_root(root, "etc/kerrighed");
  if (auto ok = ensure_directory(dir); !ok) return ok;
  if (auto ok = write_file_atomic(dir / "kerrighed_nodes", render_kerrighed_nodes(c)); !ok) return ok;
  return write_file_atomic(dir / "kerrighed_session", std::to_string(c.session) + "\n");
}

}  // namespace ssi::cluster
