#include "boot/served_tree.hpp"

#include "boot/nfs_server.hpp"

#include <algorithm>

#include "cluster/head_services.hpp"
#include "image/boot_files.hpp"
#include "image/manifest.hpp"
#include "image/tree_archive.hpp"
#include "util/fs.hpp"

namespace ssi::boot {
namespace fs = std::filesystem;
namespace {

bool kerrighed_kernel(const fs::path& image_dir, const std::string& release) {
  const auto config = read_file(image_dir / "root" / "boot" / ("config-" + release));
  return config && config->find("\nCONFIG_KERRIGHED=y\n") != std::string::npos;
}

std::string cluster_nodes_list(const std::vector<ServedNode>& nodes) {
  std::string s;
  for (const auto& n : nodes) s += n.node.name + "\n";
  return s;
}

// What a test boot adds: the nodes report, run their checks and, in a Kerrighed group, form a
// cluster of the group's booted nodes. A suite runner outside Kerrighed is told so (a Kerrighed
// boot node knows itself by its id). With `usage` the suite runner lists what its node opened,
// from the init hook or, on Kerrighed, from the container its suites ran in.
std::string test_parameters(const std::vector<ServedNode>& nodes, const ServedNode& node, bool kerrighed,
                            const ServeSettings& settings) {
  const auto members = std::count_if(nodes.begin(), nodes.end(), [&](const ServedNode& n) { return n.node.group == node.node.group; });
  std::string suite_list;
  for (const auto& s : settings.suites) suite_list += (suite_list.empty() ? "" : ",") + s;
  const bool runs_suites = !suite_list.empty() && node.suite_runner;
  return " console=ttyS0 panic=1 ssi_oscar.boot_test=1 ssi_oscar.nodes=" + std::to_string(members) +
         (suite_list.empty() ? "" : " ssi_oscar.suite=" + suite_list) + (runs_suites && !kerrighed ? " ssi_oscar.suite_runner=1" : "") +
         (runs_suites && settings.usage ? std::string(" ") + image::kUsageParameter + (kerrighed ? "=container" : "=1") : "");
}

// Each group's suite runner: per image, the lowest Kerrighed id of the nodes that form a
// Kerrighed cluster; the group's first node otherwise.
void choose_suite_runners(const cluster::ClusterDefinition& c, ServedTree& tree) {
  std::map<std::string, ServedNode*> runner;  // group or Kerrighed image -> its node
  for (auto& n : tree.nodes) {
    const bool kerrighed = c.group_of(n.node).kerrighed && tree.images.at(n.image).kerrighed;
    ServedNode*& chosen = runner[kerrighed ? "kerrighed image " + n.image : "group " + n.node.group];
    if (!chosen || (kerrighed && *n.node.kerrighed_id < *chosen->node.kerrighed_id)) chosen = &n;
  }
  for (auto& [key, node] : runner) node->suite_runner = true;
}

}  // namespace

NodeImage find_node_image(const fs::path& images_dir, const std::string& name) {
  NodeImage image;
  image.name = name;
  const fs::path dir = images_dir / name;
  if (!fs::exists(dir / "manifest.json")) {
    image.missing = "image " + name + " is not built (" + (dir / "manifest.json").string() + " is missing)";
    return image;
  }
  auto manifest = image::load_manifest(dir);
  if (!manifest) {
    image.missing = manifest.error().message;
    return image;
  }
  image.vmlinuz = dir / "boot" / "vmlinuz";
  for (const char* suffix : {".cpio.gz", ".cpio.zst"})
    if (manifest->artifacts.contains(name + suffix)) image.initramfs = dir / (name + suffix);
  image.kernel = manifest->kernel.name;
  image.release = manifest->kernel.release;
  image.cmdline = manifest->kernel.cmdline;
  image.inputs_sha256 = manifest->inputs_sha256;
  image.kerrighed = kerrighed_kernel(dir, image.release);
  if (!manifest->has_kernel || !fs::exists(image.vmlinuz))
    image.missing = "image " + name + " has no kernel (" + image.vmlinuz.string() + ")";
  else if (image.initramfs.empty() || !fs::exists(image.initramfs))
    image.missing = "image " + name + " has no initramfs to netboot (add \"cpio.zst\" to its formats)";
  else  // the initramfs unpacks into RAM next to its compressed copy: room for both, and some
    image.memory_mib = static_cast<unsigned>((2 * manifest->tree_bytes + fs::file_size(image.initramfs)) / (1024 * 1024) + 512);
  return image;
}

ServedTree plan_served_tree(const cluster::ClusterDefinition& c, const std::vector<cluster::ClusterNode>& nodes,
                            const ServeSettings& settings) {
  ServedTree tree;
  for (const auto& node : nodes) {
    auto [it, fresh] = tree.images.try_emplace(node.image);
    if (fresh) it->second = find_node_image(c.images, node.image);
    if (!it->second.missing.empty()) tree.refused.emplace_back(node.name, it->second.missing);
    else tree.nodes.push_back({node, node.image});
  }
  choose_suite_runners(c, tree);
  std::vector<cluster::ClusterNode> served;
  for (const auto& n : tree.nodes) served.push_back(n.node);
  tree.files["dnsmasq.conf"] = cluster::dnsmasq_config(
      c, served, {settings.interface, settings.tftp_root, settings.lease_file, settings.log_file});
  tree.files["hosts"] = cluster::hosts_file(c);
  tree.files["tftpboot/boot.ipxe"] = cluster::ipxe_chain_script();
  for (const auto& [name, image] : tree.images) {
    if (!image.missing.empty()) continue;
    tree.copies["tftpboot/images/" + name + "/vmlinuz"] = image.vmlinuz;
    tree.copies["tftpboot/images/" + name + "/" + image.initramfs.filename().string()] = image.initramfs;
  }
  for (const auto& group : c.groups) {
    std::vector<ServedNode> members;
    std::copy_if(tree.nodes.begin(), tree.nodes.end(), std::back_inserter(members),
                 [&](const ServedNode& n) { return n.node.group == group.name; });
    if (members.empty()) continue;
    auto& overlay = tree.overlays["tftpboot/cluster/" + group.name + ".cpio.gz"];
    overlay["etc/hosts"] = tree.files["hosts"];
    overlay["etc/ssi-oscar/cluster-nodes"] = cluster_nodes_list(tree.nodes);
    if (!c.exports.empty()) overlay["etc/ssi-oscar/nfs-mounts"] = nfs_mounts_file(c);
    if (!settings.ssh_key.empty()) {
      overlay["etc/ssi-oscar/ssh/root_key"] = settings.ssh_key;
      overlay["etc/ssi-oscar/ssh/root_key.pub"] = settings.ssh_key_pub;
    }
    if (group.kerrighed) {
      cluster::Cluster k{group.kerrighed->session, group.kerrighed->nbmin, {}};
      for (const auto& m : members) k.nodes.push_back({m.node.name, group.kerrighed->iface, *m.node.kerrighed_id});
      if (k.nbmin && *k.nbmin > static_cast<int>(k.nodes.size())) k.nbmin = static_cast<int>(k.nodes.size());
      overlay["etc/kerrighed/kerrighed_nodes"] = cluster::render_kerrighed_nodes(k);
      overlay["etc/kerrighed/kerrighed_session"] = std::to_string(k.session) + "\n";
    }
  }
  for (const auto& served_node : tree.nodes) {
    const auto& node = served_node.node;
    const NodeImage& image = tree.images.at(served_node.image);
    const std::string base = "/images/" + image.name + "/";
    const std::string extra =
        settings.boot_test ? test_parameters(tree.nodes, served_node, c.group_of(node).kerrighed && image.kerrighed, settings) : "";
    auto entry = [&](cluster::Firmware firmware, const std::string& root) {
      return cluster::BootEntry{node.name, root + base.substr(1) + "vmlinuz", root + base.substr(1) + image.initramfs.filename().string(),
                                image.cmdline + " " + cluster::node_parameters(c, node, firmware, image.kerrighed) + extra,
                                root + "cluster/" + node.group + ".cpio.gz"};
    };
    // iPXE resolves "/..." against the server it booted from (HTTP or TFTP); pxelinux wants
    // paths relative to its TFTP root.
    tree.files["tftpboot/" + cluster::ipxe_node_path(node.mac)] = cluster::ipxe_script(entry(cluster::Firmware::ipxe, "/"));
    tree.files["tftpboot/" + cluster::pxelinux_node_path(node.mac)] = cluster::pxelinux_config(entry(cluster::Firmware::pxelinux, ""));
  }
  return tree;
}

Status write_served_tree(const ServedTree& tree, const fs::path& dir) {
  const fs::path staging = temporary_name(dir, "staging");
  remove_stale_temporaries(fs::absolute(dir).parent_path());
  std::error_code ec;
  for (const auto& [path, content] : tree.files)
    if (auto ok = write_file_with_parents(staging / path, content); !ok) return ok;
  for (const auto& [path, source] : tree.copies) {
    if (auto ok = ensure_directory((staging / path).parent_path()); !ok) return ok;
    fs::create_hard_link(source, staging / path, ec);
    if (ec)
      if (auto ok = copy_file_atomic(source, staging / path); !ok) return ok;
  }
  for (const auto& [path, files] : tree.overlays) {
    TempDir root(staging, "overlay-");
    for (const auto& [inner, content] : files)
      if (auto ok = write_file_with_parents(root.path() / inner, content); !ok) return ok;
    image::PackOptions pack;
    pack.compression = image::Compression::gzip;  // every kernel ssi-oscar boots unpacks gzip
    if (auto ok = ensure_directory((staging / path).parent_path()); !ok) return ok.error();
    if (auto packed = image::pack_tree(root.path(), staging / path, pack); !packed) return packed.error();
  }
  return replace_directory(staging, dir);
}

}  // namespace ssi::boot
