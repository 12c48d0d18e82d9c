// The head node's NFS server: ganesha's configuration for a cluster's exports, the folders it
// serves with their modes, and the mount list the nodes get. (Nodes mounting it and reading each
// other's files: cluster_boot_test.cpp and the SSI image's cluster test.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "boot/nfs_server.hpp"
#include "util/fs.hpp"

namespace ssi::boot {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;

cluster::ClusterDefinition lab(const TempDir& dir) {
  const fs::path file = dir.path() / "lab.toml";
  std::ofstream(file) << R"([cluster]
name = "lab"
[head]
address = "10.79.0.1"
network = "10.79.0.0/24"
[[group]]
name = "compute"
image = "node"
[[node]]
name = "n[1-2]"
group = "compute"
mac = "52:54:00:79:00:01"
ip = "10.79.0.11"
[[export]]
path = "/home"
[[export]]
path = "/var/chkpt"
mode = "1777"
)";
  return cluster::load_cluster_definition(file).value();
}

TEST(NfsServer, GaneshaServesEachExportToTheClusterNetworkOnly) {
  TempDir dir;
  const auto c = lab(dir);
  const std::string conf = ganesha_config(c, dir.path() / "run");
  EXPECT_THAT(conf, HasSubstr("Path = \"" + (dir.path() / "run/exports/home").string() + "\";\n  Pseudo = \"/home\";"));
  EXPECT_THAT(conf, HasSubstr("Path = \"" + (dir.path() / "run/exports/var/chkpt").string() + "\";\n  Pseudo = \"/var/chkpt\";"));
  EXPECT_THAT(conf, HasSubstr("CLIENT { Clients = 10.79.0.0/24; Access_Type = RW; }"));
  EXPECT_THAT(conf, HasSubstr("EXPORT_DEFAULTS { Access_Type = None; }"));
  EXPECT_THAT(conf, HasSubstr("Enable_NLM = false;"));  // nodes mount with nolock: no statd anywhere
  EXPECT_THAT(conf, HasSubstr("Graceless = true;"));    // a fresh server: nothing to reclaim, no 90 s wait
  EXPECT_THAT(conf, HasSubstr("RecoveryRoot = \"" + (dir.path() / "run/nfs/recovery").string() + "\";"));
}

TEST(NfsServer, NodesMountEveryExportWithOptionsBothKernelsTake) {
  TempDir dir;
  EXPECT_EQ(nfs_mounts_file(lab(dir)),
            "10.79.0.1:/home /home vers=3,nolock,proto=tcp,port=2049,mountport=20048,mountproto=tcp,lookupcache=positive\n"
            "10.79.0.1:/var/chkpt /var/chkpt vers=3,nolock,proto=tcp,port=2049,mountport=20048,mountproto=tcp,lookupcache=positive\n");
}

TEST(NfsServer, PreparingMakesTheServedFoldersWithTheirModes) {
  if (!program_available("ganesha.nfsd") || !program_available("rpcbind"))
    GTEST_SKIP() << "nfs-ganesha or rpcbind is not installed (scripts/install-deps installs them)";
  TempDir dir;
  const auto services = prepare_nfs_server(lab(dir), dir.path());
  ASSERT_TRUE(services) << services.error().message;
  ASSERT_EQ(services->size(), 2u);
  EXPECT_EQ((*services)[0].name, "rpcbind");
  EXPECT_EQ((*services)[1].name, "ganesha");
  EXPECT_EQ(fs::status(dir.path() / "exports/home").permissions() & fs::perms::mask, static_cast<fs::perms>(0755));
  EXPECT_EQ(fs::status(dir.path() / "exports/var/chkpt").permissions() & fs::perms::mask, static_cast<fs::perms>(01777));
  EXPECT_TRUE(fs::exists(dir.path() / "nfs/ganesha.conf"));
}

TEST(NfsServer, AClusterWithoutExportsStartsNoServer) {
  TempDir dir;
  auto c = lab(dir);
  c.exports.clear();
  const auto services = prepare_nfs_server(c, dir.path());
  ASSERT_TRUE(services);
  EXPECT_TRUE(services->empty());
  EXPECT_FALSE(fs::exists(dir.path() / "nfs"));
}

}  // namespace
}  // namespace ssi::boot
