// What the head node serves, as golden text: dnsmasq's configuration, /etc/hosts and the
// per-node iPXE and pxelinux entries.
#include <gtest/gtest.h>

#include "cluster/head_services.hpp"

namespace ssi::cluster {
namespace {

ClusterDefinition small_cluster() {
  ClusterDefinition c;
  c.name = "lab";
  c.head.address = parse_ipv4("10.77.0.1").value();
  c.head.network = parse_network("10.77.0.0/24").value();
  c.groups = {{"oscar", "oscar-compute", "", std::nullopt}, {"ssi", "ssi-compute", "quiet", KerrighedSettings{2, 1, "eth0"}}};
  c.nodes = {{"oscar1", "oscar", "oscar-compute", parse_mac("52:54:00:77:00:0b").value(), parse_ipv4("10.77.0.11").value(), std::nullopt},
             {"ssi1", "ssi", "ssi-compute", parse_mac("52:54:00:77:01:01").value(), parse_ipv4("10.77.0.21").value(), 1}};
  return c;
}

TEST(HeadServices, DnsmasqGivesEachMacItsAddressAndBootsIpxeOverHttp) {
  const auto c = small_cluster();
  EXPECT_EQ(dnsmasq_config(c, c.nodes, {"eth1", "/tftpboot", "", ""}),
            "# The head node's DHCP and TFTP server for cluster lab (ssi-oscar cluster config).\n"
            "# No DNS: names come from the nodes' /etc/hosts.\n"
            "port=0\n"
            "interface=eth1\n"
            "bind-interfaces\n"
            "# Only the nodes below get an address, each always the same one.\n"
            "dhcp-range=10.77.0.0,static,255.255.255.0\n"
            "dhcp-authoritative\n"
            "enable-tftp\n"
            "tftp-root=/tftpboot\n"
            "# iPXE says so in option 175; it gets the chain script, plain PXE ROMs pxelinux.\n"
            "dhcp-match=set:ipxe,175\n"
            "dhcp-boot=tag:!ipxe,pxelinux.0\n"
            "dhcp-boot=tag:ipxe,http://10.77.0.1/boot.ipxe\n"
            "dhcp-host=52:54:00:77:00:0b,10.77.0.11,oscar1\n"
            "dhcp-host=52:54:00:77:01:01,10.77.0.21,ssi1\n");
}

TEST(HeadServices, ARunsLeasesAndLogGoWhereItSays) {
  auto c = small_cluster();
  c.head.http = false;
  const auto text = dnsmasq_config(c, {c.nodes[1]}, {"br0", "/run/x/tftpboot", "/run/x/leases", "/run/x/dhcp.log"});
  EXPECT_NE(text.find("dhcp-boot=tag:ipxe,boot.ipxe\n"), std::string::npos);
  EXPECT_NE(text.find("dhcp-leasefile=/run/x/leases\nlog-facility=/run/x/dhcp.log\nlog-dhcp\n"), std::string::npos);
  EXPECT_EQ(text.find("oscar1"), std::string::npos);
}

TEST(HeadServices, HostsNameTheHeadAndEveryNode) {
  EXPECT_EQ(hosts_file(small_cluster()), "127.0.0.1\tlocalhost\n10.77.0.1\thead\n10.77.0.11\toscar1\n10.77.0.21\tssi1\n");
}

TEST(HeadServices, NodeParametersCarryNameAddressAndKerrighedIds) {
  const auto c = small_cluster();
  EXPECT_EQ(node_parameters(c, c.nodes[0], Firmware::ipxe, false), "ssi_oscar.hostname=oscar1 ssi_oscar.ip=${net0/ip}/24");
  EXPECT_EQ(node_parameters(c, c.nodes[1], Firmware::pxelinux, true),
            "ssi_oscar.hostname=ssi1 ssi_oscar.ip=10.77.0.21/24 node_id=1 session_id=2 quiet");
  // A Kerrighed group on a kernel without Kerrighed: no Kerrighed parameters.
  EXPECT_EQ(node_parameters(c, c.nodes[1], Firmware::ipxe, false), "ssi_oscar.hostname=ssi1 ssi_oscar.ip=${net0/ip}/24 quiet");
  EXPECT_EQ(ipxe_node_path(c.nodes[0].mac), "nodes/52-54-00-77-00-0b.ipxe");
  EXPECT_EQ(pxelinux_node_path(c.nodes[0].mac), "pxelinux.cfg/01-52-54-00-77-00-0b");
}

TEST(BootEntries, IpxeAndPxelinuxLoadTheClusterFilesAfterTheImage) {
  const BootEntry e{"ssi1", "/images/x/vmlinuz", "/images/x/x.cpio.gz", "console=ttyS0", "/cluster/ssi.cpio.gz"};
  EXPECT_EQ(ipxe_script(e), "#!ipxe\nkernel /images/x/vmlinuz console=ttyS0\ninitrd /images/x/x.cpio.gz\ninitrd /cluster/ssi.cpio.gz\nboot\n");
  EXPECT_EQ(pxelinux_config(e), "DEFAULT ssi1\nLABEL ssi1\n  KERNEL /images/x/vmlinuz\n  INITRD /images/x/x.cpio.gz,/cluster/ssi.cpio.gz\n  APPEND console=ttyS0\n");
  EXPECT_EQ(ipxe_chain_script(), "#!ipxe\nchain nodes/${net0/mac:hexhyp}.ipxe\n");
}

}  // namespace
}  // namespace ssi::cluster
