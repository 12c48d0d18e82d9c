#pragma once
// A cluster definition (clusters/NAME.toml): the head node's address and network, the node
// groups (which image they boot, Kerrighed settings) and the nodes, where one entry may stand
// for a range (`name = "node[1-16]"`, MAC, IP and Kerrighed id counted up from the entry's own).
// Format: docs/clusters.md.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cluster/kerrighed_config.hpp"
#include "cluster/network_address.hpp"
#include "util/error.hpp"

namespace ssi::cluster {

struct KerrighedSettings {
  int session = 1;
  std::optional<int> nbmin;
  std::string iface = "eth0";  // the node's interface TIPC runs on
};

struct NodeGroup {
  std::string name, image, cmdline;  // cmdline: added to the image's kernel command line
  std::optional<KerrighedSettings> kerrighed;
};

struct ClusterNode {
  std::string name, group, image;  // image: the group's unless the entry names one
  std::uint64_t mac = 0;
  std::uint32_t ip = 0;
  std::optional<int> kerrighed_id;
};

struct HeadNode {
  std::string name = "head";
  std::uint32_t address = 0;
  Network network;
  std::string interface = "eth1";      // where dnsmasq answers
  std::string tftp_root = "/tftpboot";  // OSCAR's place for boot files
  bool http = true;                     // iPXE loads kernels and images over HTTP from the same tree
};

// A folder the head node serves over NFS; every node mounts it at boot at the same path (OSCAR's
// /home, Kerrighed's checkpoint folder, whose files a node restarting a process must read).
struct Export {
  std::string path;     // absolute: the nodes' mount point and the export's path
  unsigned mode = 0755;  // of the served folder (01777 for a folder every user writes)
};

struct ClusterDefinition {
  std::filesystem::path file;
  std::string name, summary;
  std::filesystem::path images;  // built images (image build --out DIR/NAME), resolved against the file
  HeadNode head;
  std::vector<NodeGroup> groups;
  std::vector<ClusterNode> nodes;  // ranges expanded, in the file's order
  std::vector<Export> exports;

  const NodeGroup& group_of(const ClusterNode& node) const;
};

// Every problem of the file at once (file:line: field: what, exit 2): missing or malformed
// fields, unknown groups, addresses outside the network, and duplicate names, MACs, IPs and
// Kerrighed node ids.
Expected<ClusterDefinition> load_cluster_definition(const std::filesystem::path& file);

// "node[1-16]" -> node1..node16 ("node[01-16]" keeps the width); a plain name is itself.
// Empty with `problem` set when the range is malformed.
std::vector<std::string> expand_node_range(const std::string& pattern, std::string& problem);

// Kerrighed's view of the nodes that boot `image` in a Kerrighed group: session, nbmin and one
// line per node (nullopt when no Kerrighed group boots it).
std::optional<Cluster> kerrighed_cluster(const ClusterDefinition& definition, const std::string& image);

}  // namespace ssi::cluster
