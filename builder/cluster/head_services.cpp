#include "cluster/head_services.hpp"

namespace ssi::cluster {

std::string dnsmasq_config(const ClusterDefinition& c, const std::vector<ClusterNode>& nodes, const DnsmasqOptions& o) {
  const std::string head = format_ipv4(c.head.address);
  std::string s = "# The head node's DHCP and TFTP server for cluster " + c.name + " (ssi-oscar cluster config).\n";
  s += "# No DNS: names come from the nodes' /etc/hosts.\nport=0\n";
  s += "interface=" + o.interface + "\nbind-interfaces\n";
  s += "# Only the nodes below get an address, each always the same one.\n";
  s += "dhcp-range=" + format_ipv4(c.head.network.base) + ",static," + format_ipv4(c.head.network.mask()) + "\n";
  s += "dhcp-authoritative\nenable-tftp\ntftp-root=" + o.tftp_root + "\n";
  s += "# iPXE says so in option 175; it gets the chain script, plain PXE ROMs pxelinux.\n";
  s += "dhcp-match=set:ipxe,175\n";
  s += "dhcp-boot=tag:!ipxe,pxelinux.0\n";
  s += "dhcp-boot=tag:ipxe," + (c.head.http ? "http://" + head + "/" : std::string()) + "boot.ipxe\n";
  if (!o.lease_file.empty()) s += "dhcp-leasefile=" + o.lease_file + "\n";
  if (!o.log_file.empty()) s += "log-facility=" + o.log_file + "\nlog-dhcp\n";
  for (const auto& n : nodes) s += "dhcp-host=" + format_mac(n.mac) + "," + format_ipv4(n.ip) + "," + n.name + "\n";
  return s;
}

std::string hosts_file(const ClusterDefinition& c) {
  std::string s = "127.0.0.1\tlocalhost\n" + format_ipv4(c.head.address) + "\t" + c.head.name + "\n";
  for (const auto& n : c.nodes) s += format_ipv4(n.ip) + "\t" + n.name + "\n";
  return s;
}

std::string ipxe_chain_script() { return "#!ipxe\nchain nodes/${net0/mac:hexhyp}.ipxe\n"; }

std::string ipxe_node_path(std::uint64_t mac) { return "nodes/" + format_mac(mac, '-') + ".ipxe"; }

// pxelinux looks for "01-" (Ethernet's ARP type) and the MAC with hyphens, lower case.
std::string pxelinux_node_path(std::uint64_t mac) { return "pxelinux.cfg/01-" + format_mac(mac, '-'); }

std::string node_parameters(const ClusterDefinition& c, const ClusterNode& node, Firmware firmware, bool kerrighed_kernel) {
  const std::string address = firmware == Firmware::ipxe ? "${net0/ip}" : format_ipv4(node.ip);
  std::string s = "ssi_oscar.hostname=" + node.name + " ssi_oscar.ip=" + address + "/" + std::to_string(c.head.network.prefix);
  const NodeGroup& group = c.group_of(node);
  if (kerrighed_kernel && group.kerrighed)
    s += " node_id=" + std::to_string(*node.kerrighed_id) + " session_id=" + std::to_string(group.kerrighed->session);
  if (!group.cmdline.empty()) s += " " + group.cmdline;
  return s;
}

}  // namespace ssi::cluster
