#pragma once
// What a cluster's head node serves, as text: the dnsmasq configuration (DHCP with a fixed
// address per MAC, TFTP, the PXE and iPXE boot options), /etc/hosts for the nodes, and each
// node's boot entry with its own kernel command line. Plain data: `cluster config` writes it,
// `cluster boot` serves it.
#include <string>
#include <vector>

#include "cluster/boot_entries.hpp"
#include "cluster/cluster_definition.hpp"

namespace ssi::cluster {

struct DnsmasqOptions {
  std::string interface, tftp_root;
  // Set by a boot run, empty in a head node's configuration (dnsmasq's defaults apply).
  std::string lease_file, log_file;
};
std::string dnsmasq_config(const ClusterDefinition& cluster, const std::vector<ClusterNode>& nodes,
                           const DnsmasqOptions& options);

// localhost, the head node and every node of the definition.
std::string hosts_file(const ClusterDefinition& cluster);

// The nodes' boot files, relative to the TFTP (and HTTP) root.
std::string ipxe_chain_script();                 // boot.ipxe: hands each node its own script
std::string ipxe_node_path(std::uint64_t mac);   // nodes/52-54-00-77-00-0b.ipxe
std::string pxelinux_node_path(std::uint64_t mac);  // pxelinux.cfg/01-52-54-00-77-00-0b

enum class Firmware { ipxe, pxelinux };
// The parameters a node boots with after its image's own: its name and address (iPXE puts in the
// address DHCP gave it; pxelinux cannot, so there it is the fixed one), the group's command line
// and, on a Kerrighed kernel, Kerrighed's node id and session.
std::string node_parameters(const ClusterDefinition& cluster, const ClusterNode& node, Firmware firmware,
                            bool kerrighed_kernel);

}  // namespace ssi::cluster
