// `cluster plan` / `cluster config` on real images: the served tree's files, its bytes equal from
// run to run, a node whose image is not built left out by name, and the cluster files archive.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "boot/served_tree.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "util/fs.hpp"

namespace ssi::boot {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const char* kServedImage = R"([image]
name = "netnode"
repos = ["@REPO@"]
packages = ["busybox"]
kernel = ["test-kernel"]
)";

std::string served_cluster_text(const fs::path& images) {
  return "[cluster]\nname = \"lab\"\nimages = \"" + images.string() + R"("
[head]
address = "10.77.0.1"
network = "10.77.0.0/24"

[[group]]
name = "compute"
image = "netnode"

[[group]]
name = "ssi"
image = "netnode"
kerrighed = { session = 2 }

[[group]]
name = "ghosts"
image = "not-built"

[[node]]
name = "n[1-2]"
group = "compute"
mac = "52:54:00:77:00:0b"
ip = "10.77.0.11"

[[node]]
name = "k1"
group = "ssi"
mac = "52:54:00:77:01:01"
ip = "10.77.0.21"
kerrighed_id = 1

[[node]]
name = "ghost1"
group = "ghosts"
mac = "52:54:00:77:02:01"
ip = "10.77.0.31"
)";
}

class ServedTreeTest : public ::testing::Test {
 protected:
  TempDir dir;
  fs::path cluster_file;

  void SetUp() override {
    auto built = test::build_image(dir.path(), "netnode", kServedImage);
    ASSERT_TRUE(built) << built.error().message;
    cluster_file = dir.path() / "lab.toml";
    std::ofstream(cluster_file) << served_cluster_text(dir.path() / "images");
  }

  std::map<std::string, std::string> tree_bytes(const fs::path& root) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file()) out[e.path().lexically_relative(root).string()] = read_file(e.path()).value();
    return out;
  }
};

TEST_F(ServedTreeTest, ConfigWritesTheSameBytesTwiceAndLeavesOutTheNodeWithoutItsImage) {
  auto first = test::run_cli("cluster config " + test::quote(cluster_file.string()) + " --out " + test::quote((dir.path() / "a").string()));
  ASSERT_EQ(first.status, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("ghost1: left out: image not-built is not built"));
  EXPECT_THAT(first.output, HasSubstr("for 3 nodes of cluster lab"));
  auto second = test::run_cli("cluster config " + test::quote(cluster_file.string()) + " --out " + test::quote((dir.path() / "b").string()));
  ASSERT_EQ(second.status, 0) << second.output;
  const auto a = tree_bytes(dir.path() / "a");
  EXPECT_EQ(a, tree_bytes(dir.path() / "b"));

  EXPECT_THAT(a.at("dnsmasq.conf"), HasSubstr("tftp-root=/tftpboot\n"));
  EXPECT_THAT(a.at("dnsmasq.conf"), HasSubstr("dhcp-host=52:54:00:77:00:0c,10.77.0.12,n2\n"));
  EXPECT_THAT(a.at("dnsmasq.conf"), ::testing::Not(HasSubstr("ghost1")));
  EXPECT_THAT(a.at("hosts"), HasSubstr("10.77.0.31\tghost1\n"));  // a name every node can know
  const std::string& n2 = a.at("tftpboot/nodes/52-54-00-77-00-0c.ipxe");
  EXPECT_TRUE(n2.starts_with("#!ipxe\nkernel /images/netnode/vmlinuz ")) << n2;
  EXPECT_TRUE(n2.ends_with("\ninitrd /images/netnode/netnode.cpio.zst\ninitrd /cluster/compute.cpio.gz\nboot\n")) << n2;
  EXPECT_THAT(a.at("tftpboot/nodes/52-54-00-77-00-0c.ipxe"), HasSubstr(" ssi_oscar.hostname=n2 ssi_oscar.ip=${net0/ip}/24\n"));
  EXPECT_THAT(a.at("tftpboot/pxelinux.cfg/01-52-54-00-77-01-01"), HasSubstr("ssi_oscar.hostname=k1 ssi_oscar.ip=10.77.0.21/24\n"));
  EXPECT_EQ(a.at("tftpboot/images/netnode/vmlinuz"), read_file(dir.path() / "images/netnode/boot/vmlinuz").value());
  EXPECT_FALSE(a.contains("tftpboot/cluster/ghosts.cpio.gz"));

  // The cluster files of the Kerrighed group: hosts, the peers, Kerrighed's node file.
  auto listing = test::run("cd " + test::quote((dir.path() / "a").string()) + " && gzip -dc tftpboot/cluster/ssi.cpio.gz | cpio -it 2>/dev/null");
  EXPECT_THAT(listing.output, HasSubstr("etc/hosts"));
  EXPECT_THAT(listing.output, HasSubstr("etc/ssi-oscar/cluster-nodes"));
  EXPECT_THAT(listing.output, HasSubstr("etc/kerrighed/kerrighed_nodes"));
  auto nodes = test::run("cd " + test::quote((dir.path() / "a").string()) +
                         " && gzip -dc tftpboot/cluster/ssi.cpio.gz | cpio -i --quiet --to-stdout etc/kerrighed/kerrighed_nodes");
  EXPECT_EQ(nodes.output, "session=2\nk1:1:eth0\n");
}

TEST_F(ServedTreeTest, PlanNamesEveryNodeAndFile) {
  auto plan = test::run_cli("cluster plan " + test::quote(cluster_file.string()));
  ASSERT_EQ(plan.status, 0) << plan.output;
  EXPECT_THAT(plan.output, HasSubstr("Cluster lab"));
  EXPECT_THAT(plan.output, HasSubstr("n1    52:54:00:77:00:0b  10.77.0.11  compute  netnode  1.0-test  -"));
  EXPECT_THAT(plan.output, HasSubstr("no Kerrighed kernel"));  // k1's image boots the stand-in kernel
  EXPECT_THAT(plan.output, HasSubstr("ghost1: cannot boot: image not-built is not built"));
  EXPECT_THAT(plan.output, HasSubstr("tftpboot/images/netnode/netnode.cpio.zst"));
  auto limited = test::run_cli("cluster plan " + test::quote(cluster_file.string()) + " --nodes 1 --json");
  ASSERT_EQ(limited.status, 0) << limited.output;
  const auto json = nlohmann::json::parse(limited.output);
  EXPECT_EQ(json["nodes"].size(), 1u);
  EXPECT_EQ(json["nodes"][0]["ip"], "10.77.0.11");
}

// A test boot with suites: one node per group runs them (here no image boots a Kerrighed kernel,
// so k1 runs its group's from its init hook too), and the run's ssh key rides in every group's
// cluster files; a head node's configuration has neither.
TEST_F(ServedTreeTest, ATestBootNamesEachGroupsSuiteRunnerAndCarriesTheRunsKey) {
  const auto c = cluster::load_cluster_definition(cluster_file);
  ASSERT_TRUE(c) << c.error().message;
  ServeSettings settings{"eth1", "/srv/tftp", "leases", "dhcp.log", true, {"jobs"}, "PRIVATE KEY\n", "ssh-ed25519 AAAA root@run\n"};
  const auto tree = plan_served_tree(*c, c->nodes, settings);
  auto command_line_of = [&](const std::string& node) {
    for (const auto& [path, content] : tree.files)
      if (path.ends_with(".ipxe") && content.find("ssi_oscar.hostname=" + node + " ") != std::string::npos) return content;
    return std::string();
  };
  EXPECT_THAT(command_line_of("n1"), HasSubstr("ssi_oscar.suite=jobs ssi_oscar.suite_runner=1"));
  EXPECT_THAT(command_line_of("n2"), HasSubstr("ssi_oscar.suite=jobs"));
  EXPECT_THAT(command_line_of("n2"), Not(HasSubstr("suite_runner")));
  EXPECT_THAT(command_line_of("k1"), HasSubstr("ssi_oscar.suite_runner=1"));
  for (const char* node : {"n1", "n2", "k1"}) EXPECT_THAT(command_line_of(node), Not(HasSubstr("ssi_oscar.usage"))) << node;
  ASSERT_EQ(tree.overlays.size(), 2u);
  for (const auto& [path, files] : tree.overlays) {
    EXPECT_EQ(files.at("etc/ssi-oscar/ssh/root_key"), "PRIVATE KEY\n") << path;
    EXPECT_EQ(files.at("etc/ssi-oscar/ssh/root_key.pub"), "ssh-ed25519 AAAA root@run\n") << path;
  }

  // --usage: the suite runners list what they opened after the suites, no other node does.
  settings.usage = true;
  const auto listing = plan_served_tree(*c, c->nodes, settings);
  std::size_t listing_nodes = 0;
  for (const auto& [path, content] : listing.files)
    if (path.ends_with(".ipxe")) {
      const bool lists = content.find("ssi_oscar.usage=1") != std::string::npos;
      EXPECT_EQ(lists, content.find("suite_runner=1") != std::string::npos) << path;
      listing_nodes += lists;
    }
  EXPECT_EQ(listing_nodes, 2u);  // n1 and k1

  settings.suites.clear();
  for (const auto& [path, content] : plan_served_tree(*c, c->nodes, settings).files)
    EXPECT_THAT(content, Not(HasSubstr("suite_runner"))) << path;  // no suite, no runner
  const auto plain = plan_served_tree(*c, c->nodes, {"eth1", "/srv/tftp", "", "", false, {}, {}, {}});
  for (const auto& [path, content] : plain.files) EXPECT_THAT(content, Not(HasSubstr("ssi_oscar.suite"))) << path;
  for (const auto& [path, files] : plain.overlays) EXPECT_FALSE(files.contains("etc/ssi-oscar/ssh/root_key")) << path;
}

TEST_F(ServedTreeTest, ABadDefinitionWritesNothing) {
  std::ofstream(cluster_file, std::ios::app) << "[[node]]\nname = \"n1\"\ngroup = \"compute\"\nmac = \"52:54:00:77:09:09\"\nip = \"10.77.0.99\"\n";
  auto run = test::run_cli("cluster config " + test::quote(cluster_file.string()) + " --out " + test::quote((dir.path() / "c").string()));
  EXPECT_EQ(run.status, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr("node[3].name: n1: name n1 already belongs to n1"));
  EXPECT_FALSE(fs::exists(dir.path() / "c"));
}

}  // namespace
}  // namespace ssi::boot
