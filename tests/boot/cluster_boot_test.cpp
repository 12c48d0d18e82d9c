// End to end: a 3-node cluster of a busybox image on Debian's kernel (slimmed to the network
// card's driver and the NFS client) netbooted through dnsmasq
// (DHCP, TFTP), busybox httpd and the e1000 PXE ROM (iPXE) under qemu, on a private network.
// Each node must get its fixed address by DHCP (dnsmasq's leases), say it, and reach the other
// two by name, and mount the head node's /home over NFS (nfs-ganesha) where each reads what the
// others wrote; a node whose image is not built fails alone and is named; nothing stays running,
// also when the command is killed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>
#include <thread>

#include "boot/private_network.hpp"
#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "util/fs.hpp"
#include "util/subprocess.hpp"

namespace ssi::boot {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

const char* kImage = R"([image]
name = "netnode"
repos = ["@REPO@", "@KERNEL_REPO@"]
packages = ["busybox"]
kernel = ["debian"]
modules = { debian = ["e1000", "nfsv3"] }
)";

std::string cluster_text(const fs::path& images) {
  return "[cluster]\nname = \"testlab\"\nimages = \"" + images.string() + R"("
[head]
address = "10.78.0.1"
network = "10.78.0.0/24"
interface = "lab0"

[[group]]
name = "compute"
image = "netnode"

[[group]]
name = "ghosts"
image = "never-built"

[[node]]
name = "node[1-3]"
group = "compute"
mac = "52:54:00:78:00:01"
ip = "10.78.0.11"

[[node]]
name = "ghost1"
group = "ghosts"
mac = "52:54:00:78:00:09"
ip = "10.78.0.19"

[[export]]
path = "/home"
)";
}

class ClusterBootTest : public ::testing::Test {
 protected:
  TempDir dir;
  fs::path cluster_file;

  void SetUp() override {
    std::string why;
    auto kernel_repo = test::debian_kernel_repo(why);
    if (!kernel_repo) {
      if (test::under_ci()) FAIL() << why;
      GTEST_SKIP() << why;
    }
    for (const char* tool : {"qemu-system-x86_64", "dnsmasq", "ganesha.nfsd", "rpcbind"}) {
      if (program_available(tool)) continue;
      if (test::under_ci()) FAIL() << tool << " is not installed (scripts/install-deps installs it)";
      GTEST_SKIP() << tool << " is not installed (scripts/install-deps installs it)";
    }
    if (!fs::exists("/usr/lib/ipxe/qemu/efi-e1000.rom") && !fs::exists("/usr/share/qemu/pxe-e1000.rom")) {
      if (test::under_ci()) FAIL() << "ipxe-qemu is not installed";
      GTEST_SKIP() << "ipxe-qemu (the PXE ROM) is not installed";
    }
    auto built = test::build_image(dir.path(), "netnode", kImage, *kernel_repo);
    ASSERT_TRUE(built) << built.error().message;
    cluster_file = dir.path() / "testlab.toml";
    std::ofstream(cluster_file) << cluster_text(dir.path() / "images");
  }

  std::string boot_command(const fs::path& run_dir, const std::string& extra = "") {
    return test::quote(SSI_OSCAR_BINARY) + " cluster boot " + test::quote(cluster_file.string()) + " --run-dir " +
           test::quote(run_dir.string()) + " --timeout 300" + extra;
  }
};

TEST_F(ClusterBootTest, ThreeNodesNetbootGetTheirAddressesAndReachEachOtherTheMissingImageFailsAlone) {
  const fs::path run_dir = dir.path() / "run";
  const fs::path errors = dir.path() / "stderr";
  auto run = test::run("(" + boot_command(run_dir, " --json") + " 2>" + test::quote(errors.string()) + ")");
  const std::string stderr_text = read_file(errors).value_or("");
  ASSERT_EQ(run.status, 4) << run.output << stderr_text;  // ghost1 fails, so the command does
  EXPECT_THAT(stderr_text, HasSubstr("cluster testlab: 1 of 4 nodes failed: ghost1 (image never-built is not built"));
  const auto json = nlohmann::json::parse(run.output);
  ASSERT_EQ(json["nodes"].size(), 4u) << run.output;
  EXPECT_FALSE(json.contains("key")) << "a failed run is not kept for reuse";
  for (int i = 0; i < 3; ++i) {
    const auto& node = json["nodes"][i];
    const std::string name = "node" + std::to_string(i + 1);
    const std::string address = "10.78.0.1" + std::to_string(i + 1);
    EXPECT_EQ(node["name"], name);
    EXPECT_EQ(node["failure"], "") << node.dump() << "\n" << log_tail(run_dir / (name + ".log"), 20);
    EXPECT_EQ(node["address"], address);
    EXPECT_EQ(node["leased"], address);
    std::vector<std::string> peers;
    for (int j = 1; j <= 3; ++j)
      if (j != i + 1) peers.push_back("node" + std::to_string(j));
    EXPECT_THAT(node["reached"].get<std::vector<std::string>>(), UnorderedElementsAre(peers[0], peers[1]));
    EXPECT_GT(node["boot_seconds"].get<double>(), 0);
    // The head node's /home over NFS (nfs-ganesha): each node wrote a file there and read the
    // files the two others wrote.
    ASSERT_EQ(node["nfs"].size(), 1u) << node.dump();
    const std::string nfs = node["nfs"][0];
    EXPECT_THAT(nfs, HasSubstr("/home: mounted 10.78.0.1:/home, read the files of: ")) << nfs;
    EXPECT_THAT(nfs, HasSubstr(peers[0])) << nfs;
    EXPECT_THAT(nfs, HasSubstr(peers[1])) << nfs;
    EXPECT_THAT(nfs, ::testing::Not(HasSubstr("missing"))) << nfs;
  }
  // What the nodes wrote is on the head node's disk.
  for (const char* name : {"node1", "node2", "node3"})
    EXPECT_EQ(read_file(run_dir / "exports/home/.ssi-oscar-nfs" / name).value_or(""), std::string(name) + "\n");
  EXPECT_EQ(json["nodes"][3]["name"], "ghost1");
  EXPECT_THAT(json["nodes"][3]["failure"].get<std::string>(), HasSubstr("is not built"));

  // dnsmasq's own record: each MAC got its fixed address, and the nodes came through iPXE.
  const std::string leases = read_file(run_dir / "dnsmasq.leases").value_or("");
  EXPECT_THAT(leases, HasSubstr(" 52:54:00:78:00:01 10.78.0.11 node1 "));
  EXPECT_THAT(leases, HasSubstr(" 52:54:00:78:00:02 10.78.0.12 node2 "));
  EXPECT_THAT(leases, HasSubstr(" 52:54:00:78:00:03 10.78.0.13 node3 "));
  EXPECT_THAT(leases, ::testing::Not(HasSubstr("10.78.0.19")));
  const std::string dhcp = read_file(run_dir / "dnsmasq-dhcp.log").value_or("");
  EXPECT_THAT(dhcp, HasSubstr("user class: iPXE"));
  EXPECT_THAT(dhcp, HasSubstr("bootfile-name  http://10.78.0.1/boot.ipxe"));
  EXPECT_TRUE(processes_using(run_dir).empty()) << "processes left running";
}

// A passed run recorded in --results is kept, as a build keeps a test's result: run again on the
// same content it prints the same table without booting; --rerun boots again.
TEST_F(ClusterBootTest, APassedRunIsReusedFromItsResultsAndRerunBootsAgain) {
  const fs::path run_dir = dir.path() / "kept", results = dir.path() / "kept.json";
  const std::string command = boot_command(run_dir, " --nodes 1 --results " + test::quote(results.string()));
  auto first = test::run(command + " 2>&1");
  ASSERT_EQ(first.status, 0) << first.output;
  EXPECT_THAT(first.output, ::testing::Not(HasSubstr("reused")));
  const auto recorded = nlohmann::json::parse(read_file(results).value());
  ASSERT_TRUE(recorded.contains("key")) << recorded.dump();
  const auto booted_at = fs::last_write_time(run_dir / "node1.log");

  auto second = test::run(command + " 2>&1");
  ASSERT_EQ(second.status, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("cluster testlab: reused the passed run of " + recorded["finished"].get<std::string>()));
  // The same table, from the record: node1 with its address and boot time.
  auto table = [](const std::string& out) { return out.substr(out.find("Cluster testlab: 1 nodes")); };
  EXPECT_EQ(table(second.output), table(first.output));
  EXPECT_EQ(fs::last_write_time(run_dir / "node1.log"), booted_at);  // nothing booted

  auto third = test::run(command + " --rerun 2>&1");
  ASSERT_EQ(third.status, 0) << third.output;
  EXPECT_THAT(third.output, ::testing::Not(HasSubstr("reused")));
  EXPECT_NE(fs::last_write_time(run_dir / "node1.log"), booted_at);
  EXPECT_EQ(nlohmann::json::parse(read_file(results).value())["key"], recorded["key"]);
}

TEST_F(ClusterBootTest, AKilledCommandTakesItsNodesAndServicesWithIt) {
  for (int sig : {SIGKILL, SIGINT}) {
    const fs::path run_dir = dir.path() / ("killed-" + std::to_string(sig));
    auto command = RunningProcess::start({"sh", "-c", "exec " + boot_command(run_dir)}, dir.path() / "killed.log");
    ASSERT_TRUE(command) << command.error().message;
    // Wait until qemu and dnsmasq run in the namespace, then kill the command. Beside a loaded
    // test run the sanitized tool takes long to get there: up to 3 minutes.
    for (int tries = 0; tries < 1800 && processes_using(run_dir).size() < 4; ++tries)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_GE(processes_using(run_dir).size(), 4u) << read_file(dir.path() / "killed.log").value_or("");
    std::this_thread::sleep_for(std::chrono::seconds(2));
    command->signal(sig);
    command->wait();
    // The kernel takes the pid namespace down once its first process is gone; freeing the
    // guests' memory takes a while on a busy machine.
    for (int tries = 0; tries < 300 && !processes_using(run_dir).empty(); ++tries)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::string left;
    for (int pid : processes_using(run_dir)) {
      std::string cmdline = read_file("/proc/" + std::to_string(pid) + "/cmdline").value_or("?").substr(0, 80);
      std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
      left += "\n  " + std::to_string(pid) + " " + cmdline;
    }
    EXPECT_EQ(left, "") << "left running after signal " << sig << ":" << left;
  }
}

}  // namespace
}  // namespace ssi::boot
