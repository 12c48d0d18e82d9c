// The Kerrighed node file in the kernel's format, and what a bad cluster table is told.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cluster/kerrighed_config.hpp"
#include "util/fs.hpp"

namespace ssi::cluster {
namespace {
using ::testing::ElementsAre;

TEST(KerrighedConfig, RendersSessionNbminAndOneLinePerNode) {
  Cluster c{3, 2, {{"node1", "eth0", 1}, {"node2", "eth1", 2}}};
  EXPECT_EQ(render_kerrighed_nodes(c), "session=3\nnbmin=2\nnode1:1:eth0\nnode2:2:eth1\n");
  c.nbmin.reset();
  EXPECT_EQ(render_kerrighed_nodes(c), "session=3\nnode1:1:eth0\nnode2:2:eth1\n");
  EXPECT_TRUE(check_cluster(c).empty());
}

TEST(KerrighedConfig, WritesBothFilesIntoTheRoot) {
  TempDir root;
  ASSERT_TRUE(write_kerrighed_config(root.path(), {7, std::nullopt, {{"n1", "eth0", 0}}}));
  EXPECT_EQ(read_file(root.path() / "etc/kerrighed/kerrighed_nodes").value(), "session=7\nn1:0:eth0\n");
  EXPECT_EQ(read_file(root.path() / "etc/kerrighed/kerrighed_session").value(), "7\n");
}

TEST(KerrighedConfig, ReportsEveryProblem) {
  const Cluster c{0, 5, {{"bad name", "eth0", 1}, {"n2", "e th", 1}, {"n3", "eth0", 300}}};
  EXPECT_THAT(check_cluster(c), ElementsAre("session 0: 1 to 254", "nbmin 5: from 1 to the number of nodes (3)",
                                            "node \"bad name\": not a host name",
                                            "node n2: iface \"e th\" is not an interface name", "node n2: id 1 used twice",
                                            "node n3: id 300 outside 0..255"));
}

}  // namespace
}  // namespace ssi::cluster
