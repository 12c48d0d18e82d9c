#pragma once
// A Kerrighed cluster's configuration files, in the format the kernel parses:
// /etc/kerrighed/kerrighed_nodes ("session=N", optional "nbmin=N", one "hostname:id:iface" line per
// node, no spaces around '=') and /etc/kerrighed/kerrighed_session (N).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::cluster {

struct Node {
  std::string name, iface = "eth0";
  int id = 0;
};

struct Cluster {
  int session = 1;
  std::optional<int> nbmin;
  std::vector<Node> nodes;
};

// Every problem at once (session outside 1..254, duplicate names or ids, nbmin above the node count).
std::vector<std::string> check_cluster(const Cluster& cluster);
std::string render_kerrighed_nodes(const Cluster& cluster);
// Writes both files under ROOT/etc/kerrighed, each through a temporary name.
Status write_kerrighed_config(const std::filesystem::path& root, const Cluster& cluster);

}  // namespace ssi::cluster
