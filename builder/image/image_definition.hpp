#pragma once
// An image definition (images/NAME.toml), with its parent merged in: what goes into a compute
// node image and how it boots. Format and merge rules: docs/images.md.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cluster/kerrighed_config.hpp"
#include <optional>
#include "util/error.hpp"
#include "util/job_resources.hpp"

namespace ssi::image {

struct AddedFile {
  std::filesystem::path source;  // absolute, resolved against the defining file's folder
  std::string target;            // absolute path inside the image
  unsigned mode = 0644;
};

struct Listed {
  std::string name;
  std::string origin;  // "images/x.toml:7" or "images/x.pkglist:3": where it was asked for
};

// The kernel modules an image's nodes load with one kernel (`modules = { KERNEL = [...] }`).
struct ModuleList {
  std::vector<std::string> names;
  std::string origin;  // "images/x.toml:7"
};

struct ImageDefinition {
  std::optional<std::pair<std::filesystem::path, std::string>> cluster_file;  // `cluster = FILE` and where it was said
  std::vector<std::filesystem::path> files;  // this definition, then its ancestors: all are inputs
  std::string name, summary;
  std::vector<std::filesystem::path> repos;  // resolved against the defining file's folder; {distro} replaced
  std::string distro;  // the target distribution (distros/NAME.toml) the repos' {distro} stands for
  std::vector<Listed> oscar;                 // OSCAR packages: their opkg-NAME-client go in
  std::vector<Listed> packages;              // from `packages` and from `pkglist` files
  std::vector<std::filesystem::path> gpg_keys;  // packages must be signed by one of these (none: not checked)
  std::vector<std::string> exclude;          // name globs
  std::vector<std::string> not_shipped;      // name globs: installed, their files left out (image/not_shipped.hpp)
  std::vector<std::string> kernels;          // acceptable kernels, the first available wins
  std::map<std::string, ModuleList> modules;  // kernel definition -> its modules kept (others leave the image)
  std::vector<std::string> formats;          // dir, cpio.zst, tar.zst, ext4
  bool initramfs_layers = false;             // the cpio.zst as one segment per OSCAR package (image/initramfs_layers.hpp)
  std::string cmdline;                       // appended to the kernel's own
  std::vector<AddedFile> added_files;
  bool has_cluster = false;
  cluster::Cluster cluster;  // Kerrighed's node file: the [cluster] table, or from `cluster = FILE`
  std::string hosts;         // /etc/hosts of the cluster the image names, or empty
  JobResources resources;    // [resources]: what its job asks a scheduler for (a layer overrides its parent)
};

// Every problem of the file and of its ancestors at once (file:line: key: what, exit 2).
// `distro` (--distro) overrides the definition's own; `{distro}` in a repository path becomes it.
Expected<ImageDefinition> load_image(const std::filesystem::path& file, const std::string& distro = "");

}  // namespace ssi::image
