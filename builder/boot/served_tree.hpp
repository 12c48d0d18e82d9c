#pragma once
// Everything a cluster's head node serves, laid out as one folder:
//   dnsmasq.conf, hosts                       the DHCP/TFTP server's configuration, the nodes' /etc/hosts
//   tftpboot/boot.ipxe                        iPXE's first script: chains the node's own
//   tftpboot/nodes/<mac>.ipxe                 per node: kernel, command line, initramfs + cluster files
//   tftpboot/pxelinux.cfg/01-<mac>            the same for pxelinux
//   tftpboot/images/NAME/{vmlinuz,NAME.cpio.*} the boot files of each image the nodes use
//   tftpboot/cluster/GROUP.cpio.gz            the cluster's files, unpacked over the image's initramfs
//                                             (/etc/hosts, the peers to check, Kerrighed's node file)
// `cluster config` writes it for a real head node, `cluster boot` for its private network.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cluster/cluster_definition.hpp"
#include "util/error.hpp"

namespace ssi::boot {

struct NodeImage {
  std::string name;
  std::filesystem::path vmlinuz, initramfs;  // in the image folder
  std::string kernel, release, cmdline;      // the image's kernel and its command line
  bool kerrighed = false;                    // the kernel is Kerrighed's (CONFIG_KERRIGHED=y)
  unsigned memory_mib = 0;                   // enough to unpack the initramfs
  std::string inputs_sha256;                 // the image's inputs (its manifest's digest)
  std::string missing;                       // why nodes cannot boot it, or empty
};

// How the tree is served: where dnsmasq finds it, and, for test boots, what the nodes add.
struct ServeSettings {
  std::string interface, tftp_root;
  std::string lease_file, log_file;  // a boot run's own; empty for a head node
  bool boot_test = false;            // nodes report and run their checks (cluster boot)
  std::vector<std::string> suites;   // OSCAR packages whose testing/test_root the boot node runs
  // A boot run's own ssh key (OpenSSH private and public): root logs in from node to node with
  // it, as on an OSCAR cluster, and every node serves it as its host key. Empty: no sshd.
  std::string ssh_key, ssh_key_pub;
  bool usage = false;                // each suite runner lists the files its node opened (after the suites)
};

struct ServedNode {
  cluster::ClusterNode node;
  std::string image;  // key of `images`
  // The node that runs the suites of a test boot: a Kerrighed group's boot node (the lowest id,
  // inside the Kerrighed cluster), else its group's first node (from its init hook).
  bool suite_runner = false;
};

struct ServedTree {
  std::map<std::string, NodeImage> images;
  std::vector<ServedNode> nodes;                          // those that can boot (their image is there)
  std::vector<std::pair<std::string, std::string>> refused;  // node, why it cannot boot
  std::map<std::string, std::string> files;               // path in the tree -> content
  std::map<std::string, std::filesystem::path> copies;    // path in the tree -> an image's file
  // path in the tree -> (path inside the archive -> content): the cluster files of a group.
  std::map<std::string, std::map<std::string, std::string>> overlays;
};

// The image folder's boot files and facts (the image's manifest.json), or why nodes cannot boot it.
NodeImage find_node_image(const std::filesystem::path& images_dir, const std::string& name);

// Plans the tree for `nodes` (a subset of the definition's, in its order). A node whose image is
// not built is refused by name; the others are served.
ServedTree plan_served_tree(const cluster::ClusterDefinition& cluster, const std::vector<cluster::ClusterNode>& nodes,
                            const ServeSettings& settings);

// Writes the tree into `dir` (replaced whole: a staging folder renamed into place); the same
// definition and images give the same bytes. Image files are hard-linked where possible.
Status write_served_tree(const ServedTree& tree, const std::filesystem::path& dir);

}  // namespace ssi::boot
