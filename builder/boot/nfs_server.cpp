#include "boot/nfs_server.hpp"

#include "util/fs.hpp"
#include "util/subprocess.hpp"

namespace ssi::boot {
namespace fs = std::filesystem;

// lookupcache=positive: a node asks the server again for a name it did not find, instead of
// trusting its cached "no such file" until the folder's attributes expire (up to acdirmax, 60 s).
// Nodes write into shared folders (checkpoints, the boot's peer files) that their peers are
// already looking at; Linux has taken the option since 2.6.28, so linux-krg's client too.
std::string nfs_mount_options() {
  return "vers=3,nolock,proto=tcp,port=" + std::to_string(kNfsPort) + ",mountport=" + std::to_string(kMountPort) +
         ",mountproto=tcp,lookupcache=positive";
}

fs::path export_folder(const fs::path& dir, const cluster::Export& e) { return dir / "exports" / e.path.substr(1); }

std::string ganesha_config(const cluster::ClusterDefinition& c, const fs::path& dir) {
  std::string s =
      "# Written by ssi-oscar for cluster " + c.name + ": NFSv3 and v4 on fixed ports, no locking, no grace period\n"
      "# (a fresh server has no clients to wait for).\n"
      "NFS_CORE_PARAM {\n"
      "  Protocols = 3, 4;\n"
      "  NFS_Port = " + std::to_string(kNfsPort) + ";\n"
      "  MNT_Port = " + std::to_string(kMountPort) + ";\n"
      "  Enable_NLM = false;\n"
      "  Enable_RQUOTA = false;\n"
      "  mount_path_pseudo = true;\n"
      "}\n"
      "NFSV4 {\n"
      "  Graceless = true;\n"
      "  Lease_Lifetime = 10;\n"
      "  RecoveryBackend = fs;\n"
      "  RecoveryRoot = \"" + (dir / "nfs" / "recovery").string() + "\";\n"
      "  Only_Numeric_Owners = true;\n"
      "}\n"
      "NFS_KRB5 { Active_krb5 = false; }\n"
      "EXPORT_DEFAULTS { Access_Type = None; }\n";
  int id = 1;
  for (const auto& e : c.exports)
    s += "EXPORT {\n"
         "  Export_Id = " + std::to_string(id++) + ";\n"
         "  Path = \"" + export_folder(dir, e).string() + "\";\n"
         "  Pseudo = \"" + e.path + "\";\n"
         "  Protocols = 3, 4;\n"
         "  Transports = TCP;\n"
         "  SecType = sys;\n"
         "  Squash = No_Root_Squash;\n"
         "  FSAL { Name = VFS; }\n"
         "  CLIENT { Clients = " + cluster::format_network(c.head.network) + "; Access_Type = RW; }\n"
         "}\n";
  return s + "LOG { Default_Log_Level = EVENT; }\n";
}

Expected<std::vector<Service>> prepare_nfs_server(const cluster::ClusterDefinition& c, const fs::path& dir) {
  if (c.exports.empty()) return std::vector<Service>{};
  for (const char* program : {"ganesha.nfsd", "rpcbind"})
    if (!program_available(program))
      return step_failed(std::string(program) + ": not installed (apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind): " +
                         c.file.string() + " exports " + c.exports.front().path + " over NFS");
  for (const auto& e : c.exports) {
    const fs::path folder = export_folder(dir, e);
    if (auto ok = ensure_directory(folder); !ok) return ok.error();
    std::error_code ec;
    fs::permissions(folder, static_cast<fs::perms>(e.mode), ec);
    if (ec) return step_failed(folder.string() + ": cannot set mode: " + ec.message());
  }
  if (auto ok = ensure_directory(dir / "nfs" / "recovery"); !ok) return ok.error();
  const fs::path config = dir / "nfs" / "ganesha.conf";
  if (auto ok = write_file_atomic(config, ganesha_config(c, dir)); !ok) return ok.error();
  // ganesha registers NFSv3 with rpcbind as it starts, and gives up if rpcbind is not there yet.
  const std::string wait_for_rpcbind = "for i in $(seq 100); do [ -S /run/rpcbind.sock ] && break; sleep 0.1; done; exec ganesha.nfsd -F";
  return std::vector<Service>{
      {"rpcbind", {"rpcbind", "-f"}},
      {"ganesha", {"sh", "-c", wait_for_rpcbind + " -f \"$1\" -L \"$2\" -p \"$3\" -N NIV_EVENT", "ganesha", config.string(),
                   (dir / "nfs" / "ganesha.log").string(), (dir / "nfs" / "ganesha.pid").string()}}};
}

std::string nfs_mounts_file(const cluster::ClusterDefinition& c) {
  std::string s;
  for (const auto& e : c.exports) s += cluster::format_ipv4(c.head.address) + ":" + e.path + " " + e.path + " " + nfs_mount_options() + "\n";
  return s;
}

}  // namespace ssi::boot
