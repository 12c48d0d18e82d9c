// Cluster definitions: ranges, counted MACs/IPs/ids, the Kerrighed view, and every error of a
// file reported at once with its line and field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cluster/cluster_definition.hpp"
#include "util/fs.hpp"

namespace ssi::cluster {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char* kGood = R"([cluster]
name = "lab"
images = "out"

[head]
address = "10.77.0.1"
network = "10.77.0.0/24"
interface = "br7"

[[group]]
name = "oscar"
image = "oscar-compute"

[[group]]
name = "ssi"
image = "ssi-compute"
cmdline = "quiet"
kerrighed = { session = 3, nbmin = 2 }

[[node]]
name = "oscar[08-10]"
group = "oscar"
mac = "52:54:00:77:00:fe"
ip = "10.77.0.11"

[[node]]
name = "ssi[1-3]"
group = "ssi"
mac = "52:54:00:77:01:01"
ip = "10.77.0.21"
kerrighed_id = 1
)";

fs::path write(const TempDir& dir, const std::string& text) {
  const auto file = dir.path() / "lab.toml";
  std::ofstream(file) << text;
  return file;
}

TEST(NodeRange, ExpandsKeepingTheFirstNumbersWidth) {
  std::string problem;
  EXPECT_THAT(expand_node_range("node[1-3]", problem), ElementsAre("node1", "node2", "node3"));
  EXPECT_THAT(expand_node_range("n[08-10]x", problem), ElementsAre("n08x", "n09x", "n10x"));
  EXPECT_THAT(expand_node_range("head", problem), ElementsAre("head"));
  EXPECT_TRUE(problem.empty());
  EXPECT_TRUE(expand_node_range("node[3-1]", problem).empty());
  EXPECT_THAT(problem, HasSubstr("must count up"));
  problem.clear();
  EXPECT_TRUE(expand_node_range("node[1-2][3-4]", problem).empty());
  EXPECT_THAT(problem, HasSubstr("PREFIX[FIRST-LAST]SUFFIX"));
}

TEST(NetworkAddress, ParsesAndFormats) {
  EXPECT_EQ(format_ipv4(parse_ipv4("10.77.0.255").value() + 1), "10.77.1.0");
  EXPECT_FALSE(parse_ipv4("10.77.0"));
  EXPECT_FALSE(parse_ipv4("10.77.0.256"));
  EXPECT_FALSE(parse_network("10.77.0.1/24"));  // host bits set
  EXPECT_EQ(format_ipv4(parse_network("10.77.0.0/24")->mask()), "255.255.255.0");
  EXPECT_EQ(format_mac(parse_mac("52:54:00:77:00:FF").value() + 1), "52:54:00:77:01:00");
  EXPECT_EQ(format_mac(parse_mac("52:54:00:77:00:0b").value(), '-'), "52-54-00-77-00-0b");
  EXPECT_FALSE(parse_mac("52:54:00:77:00"));
  EXPECT_FALSE(parse_mac("52:54:00:77:00:0g"));
}

TEST(ClusterDefinition, RangesCountMacsAddressesAndIdsUp) {
  TempDir dir;
  auto c = load_cluster_definition(write(dir, kGood));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->name, "lab");
  EXPECT_EQ(c->images, (dir.path() / "out").lexically_normal());
  EXPECT_EQ(c->head.interface, "br7");
  EXPECT_EQ(c->head.tftp_root, "/tftpboot");
  ASSERT_EQ(c->nodes.size(), 6u);
  EXPECT_EQ(c->nodes[0].name, "oscar08");
  EXPECT_EQ(format_mac(c->nodes[2].mac), "52:54:00:77:01:00");  // fe, ff, then the next octet
  EXPECT_EQ(format_ipv4(c->nodes[2].ip), "10.77.0.13");
  EXPECT_EQ(c->nodes[2].image, "oscar-compute");
  EXPECT_FALSE(c->nodes[2].kerrighed_id);
  EXPECT_EQ(c->nodes[5].name, "ssi3");
  EXPECT_EQ(c->nodes[5].kerrighed_id, 3);
  EXPECT_EQ(c->group_of(c->nodes[5]).kerrighed->session, 3);

  auto k = kerrighed_cluster(*c, "ssi-compute");
  ASSERT_TRUE(k);
  EXPECT_EQ(render_kerrighed_nodes(*k), "session=3\nnbmin=2\nssi1:1:eth0\nssi2:2:eth0\nssi3:3:eth0\n");
  EXPECT_FALSE(kerrighed_cluster(*c, "oscar-compute"));
}

TEST(ClusterDefinition, EveryErrorOfTheFileAtOnceWithLineAndField) {
  TempDir dir;
  const auto file = write(dir, R"([cluster]
name = "bad"
color = "blue"

[head]
address = "10.77.0.300"
network = "10.77.0.1/24"

[[group]]
name = "ssi"
image = "ssi-compute"
kerrighed = { session = 300 }

[[group]]
name = "plain"

[[node]]
name = "a[1-2]"
group = "ssi"
mac = "52:54:00:77:00:01"
ip = "10.77.0.11"
kerrighed_id = 1

[[node]]
name = "a2"
group = "ssi"
mac = "52:54:00:77:00:02"
ip = "10.77.0.12"
kerrighed_id = 2

[[node]]
name = "b"
group = "nowhere"
mac = "53:54:00:77:00:09"
ip = "10.77.1.5"

[[node]]
name = "c"
group = "plain"
mac = "52:54:00:77:00:0a"
ip = "10.77.0.13"
kerrighed_id = 4

[[node]]
name = "d_1"
group = "ssi"
mac = "52:54:00:77:00:0b"
ip = "10.77.0.14"
)");
  auto c = load_cluster_definition(file);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ExitCode::bad_input);
  const std::string f = file.string();
  const std::string& m = c.error().message;
  EXPECT_THAT(m, HasSubstr(f + ":3: cluster.color: unknown key"));
  EXPECT_THAT(m, HasSubstr(f + ":6: head.address: \"10.77.0.300\" is not an IPv4 address"));
  EXPECT_THAT(m, HasSubstr(f + ":7: head.network: \"10.77.0.1/24\" is not ADDRESS/PREFIX"));
  EXPECT_THAT(m, HasSubstr("group[0].kerrighed.session: 300: 1 to 254"));
  // a2 twice: its name, MAC, IP and Kerrighed id all belong to the range's second node.
  EXPECT_THAT(m, HasSubstr(f + ":25: node[1].name: a2: name a2 already belongs to a2"));
  EXPECT_THAT(m, HasSubstr(f + ":27: node[1].mac: a2: MAC 52:54:00:77:00:02 already belongs to a2"));
  EXPECT_THAT(m, HasSubstr(f + ":28: node[1].ip: a2: IP 10.77.0.12 already belongs to a2"));
  EXPECT_THAT(m, HasSubstr(f + ":29: node[1].kerrighed_id: a2: Kerrighed node id 2 of session 300 already belongs to a2"));
  EXPECT_THAT(m, HasSubstr(f + ":33: node[2].group: no group named \"nowhere\""));
  EXPECT_THAT(m, HasSubstr(f + ":34: node[2].mac: 53:54:00:77:00:09 is a multicast address"));
  EXPECT_THAT(m, HasSubstr(f + ":42: node[3].kerrighed_id: group plain has no [group.kerrighed]"));
  EXPECT_THAT(m, HasSubstr(f + ":37: node[3].image: neither the node nor its group plain names an image"));
  EXPECT_THAT(m, ::testing::Not(HasSubstr("host address")));  // the head's network is wrong: no guesses
  EXPECT_THAT(m, HasSubstr(f + ":45: node[4].name: \"d_1\" is not a host name"));
  EXPECT_THAT(m, HasSubstr(f + ":44: node[4].kerrighed_id: required: group ssi is a Kerrighed group"));
}

TEST(ClusterDefinition, NamesThatBecomePathsAndCommandLinesAreChecked) {
  TempDir dir;
  const auto file = write(dir, R"([cluster]
name = "../c"

[head]
network = "10.77.0.0/24"

[[group]]
name = "g/1"
image = "../../etc"
cmdline = "quiet\rshell"

[[node]]
name = "n1"
group = "g/1"
mac = "52:54:00:77:00:01"
ip = "10.77.0.11"
)");
  auto c = load_cluster_definition(file);
  ASSERT_FALSE(c);
  const std::string f = file.string();
  const std::string& m = c.error().message;
  EXPECT_THAT(m, HasSubstr(f + ":2: cluster.name: letters, digits and ._+- only"));
  EXPECT_THAT(m, HasSubstr(f + ":8: group[0].name: letters, digits and ._+- only"));
  EXPECT_THAT(m, HasSubstr(f + ":9: group[0].image: letters, digits and ._+- only"));
  EXPECT_THAT(m, HasSubstr(f + ":10: group[0].cmdline: control character 0x0d at byte 5"));
}

TEST(ClusterDefinition, AnAddressOutsideTheNetworkOrTheHeadsOwnIsRefused) {
  TempDir dir;
  std::string text = kGood;
  text.replace(text.find("10.77.0.11"), 10, "10.77.0.1");
  text.replace(text.find("10.77.0.21"), 10, "10.77.0.254");
  auto c = load_cluster_definition(write(dir, text));
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("node[0].ip: oscar08: IP 10.77.0.1 already belongs to the head node"));
  EXPECT_THAT(c.error().message, HasSubstr("node[1].ip: ssi2: 10.77.0.255 is not a host address of 10.77.0.0/24"));
}

TEST(ClusterDefinition, AMissingFileIsNamed) {
  auto c = load_cluster_definition("/nonexistent/cluster.toml");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("/nonexistent/cluster.toml: cannot be read"));
}

TEST(ClusterDefinition, ExportsNameTheirPathAndMode) {
  TempDir dir;
  auto c = load_cluster_definition(write(dir, std::string(kGood) + R"(
[[export]]
path = "/home"

[[export]]
path = "/var/chkpt"
mode = "1777"
)"));
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->exports.size(), 2u);
  EXPECT_EQ(c->exports[0].path, "/home");
  EXPECT_EQ(c->exports[0].mode, 0755u);
  EXPECT_EQ(c->exports[1].path, "/var/chkpt");
  EXPECT_EQ(c->exports[1].mode, 01777u);
}

TEST(ClusterDefinition, EveryBadExportAtOnce) {
  TempDir dir;
  auto c = load_cluster_definition(write(dir, std::string(kGood) + R"(
[[export]]
path = "home"

[[export]]
path = "/srv/../etc"

[[export]]
path = "/home/a b"
mode = "rwx"

[[export]]
mode = "1777"

[[export]]
path = "/var/chkpt"

[[export]]
path = "/var/chkpt"
)"));
  ASSERT_FALSE(c);
  const std::string& m = c.error().message;
  EXPECT_THAT(m, HasSubstr("export[0].path: \"home\" is not an absolute path of plain names"));
  EXPECT_THAT(m, HasSubstr("export[1].path: \"/srv/../etc\" is not an absolute path"));
  EXPECT_THAT(m, HasSubstr("export[2].path: \"/home/a b\" is not an absolute path"));
  EXPECT_THAT(m, HasSubstr("export[2].mode: \"rwx\" is not an octal mode"));
  EXPECT_THAT(m, HasSubstr("export[3].path"));
  EXPECT_THAT(m, HasSubstr("export[5].path: /var/chkpt is exported twice"));
}

}  // namespace
}  // namespace ssi::cluster
