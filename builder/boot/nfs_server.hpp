#pragma once
// The head node's NFS server for a cluster's exports: Debian's nfs-ganesha, which serves from
// user space (no nfsd in the host's kernel needed), with rpcbind for NFSv3's MOUNT protocol,
// both inside the run's private network. NFSv3 over TCP on fixed ports and without locking
// (NLM), so that Linux 2.6.30's client mounts it as Debian's kernel does, and neither side
// needs rpc.statd.
#include <filesystem>
#include <string>
#include <vector>

#include "boot/private_network.hpp"
#include "cluster/cluster_definition.hpp"
#include "util/error.hpp"

namespace ssi::boot {

inline constexpr int kNfsPort = 2049, kMountPort = 20048;

// The options every node mounts an export with: both kernels' clients, no rpcbind lookups.
std::string nfs_mount_options();

// ganesha.conf serving each export from DIR/exports/PATH to the cluster's network, its
// recovery state under DIR/nfs.
std::string ganesha_config(const cluster::ClusterDefinition& c, const std::filesystem::path& dir);

// Makes DIR/exports/PATH with each export's mode and writes DIR/nfs/ganesha.conf; the services
// to start on the bridge (rpcbind, then ganesha.nfsd once rpcbind listens). Missing programs are
// an error naming the packages (exit 4).
Expected<std::vector<Service>> prepare_nfs_server(const cluster::ClusterDefinition& c, const std::filesystem::path& dir);

// The served folder of an export.
std::filesystem::path export_folder(const std::filesystem::path& dir, const cluster::Export& e);

// /etc/ssi-oscar/nfs-mounts of the nodes: "HEAD:PATH PATH OPTIONS" lines.
std::string nfs_mounts_file(const cluster::ClusterDefinition& c);

}  // namespace ssi::boot
