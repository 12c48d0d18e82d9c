// recipes/ssi-oscar/scripts/kerrighed-nodes: Kerrighed's node files in the kernel's format.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/process.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi::recipe {
namespace {
namespace fs = std::filesystem;
using test::quote;

const std::string kScript = std::string(SSI_OSCAR_SOURCE_DIR) + "/recipes/ssi-oscar/scripts/kerrighed-nodes";

class KerrighedNodes : public ::testing::Test {
 protected:
  fs::path root = test::scratch_dir();
  test::RunResult run(const std::string& args) { return test::run(kScript + " --root " + quote(root.string()) + " " + args); }
  std::string file(const char* name) { return read_file(root / "etc/kerrighed" / name).value(); }
};

TEST_F(KerrighedNodes, WritesSessionNbminAndOneLinePerNode) {
  const auto result = run("--session 1 --nbmin 2 node1:0:eth0 node2:1:eth0 node3:2:eth1");
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_EQ(file("kerrighed_nodes"), "session=1\nnbmin=2\nnode1:0:eth0\nnode2:1:eth0\nnode3:2:eth1\n");
  EXPECT_EQ(file("kerrighed_session"), "1\n");
}

TEST_F(KerrighedNodes, NbminIsOptional) {
  ASSERT_EQ(run("--session 7 n1:0:eth0").status, 0);
  EXPECT_EQ(file("kerrighed_nodes"), "session=7\nn1:0:eth0\n");
}

TEST_F(KerrighedNodes, BadNodesAreRefusedAndEarlierFilesKept) {
  ASSERT_EQ(run("--session 1 node1:0:eth0").status, 0);
  const auto twice = run("--session 2 node1:0:eth0 node2:0:eth0");
  EXPECT_EQ(twice.status, 2);
  EXPECT_THAT(twice.output, ::testing::HasSubstr("node id 0 is used twice"));
  EXPECT_EQ(run("--session 2 node1:x:eth0").status, 2);
  EXPECT_EQ(run("--session 2 node1:0").status, 2);
  EXPECT_EQ(run("--session 0 node1:0:eth0").status, 2);
  EXPECT_EQ(run("--session 2 --nbmin 3 node1:0:eth0").status, 2);
  EXPECT_EQ(file("kerrighed_nodes"), "session=1\nnode1:0:eth0\n");
}

}  // namespace
}  // namespace ssi::recipe
