#pragma once
// manifest.json of a built image: every package with its size, file count and why it is there,
// the totals, the kernel, the artifacts and the hash of all inputs. Reports and diffs read it.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "image/kernel_modules.hpp"
#include "image/not_shipped.hpp"
#include "util/error.hpp"

namespace ssi::image {

struct ManifestPackage {
  std::string name, nevra, reason, group, root;  // group: "oscar:NAME", "listed", "kernel"; root: what pulled it in
  std::uint64_t installed_size = 0, files = 0;
};

struct ManifestKernel {
  std::string name, package, release, cmdline;
  std::vector<std::string> passed_over;  // earlier acceptable kernels that were not available, with why
  // Set when the image keeps only the modules its definition names (image/kernel_modules.hpp).
  std::optional<ModuleSlimming> slimmed;
};

struct LargeFile {
  std::string path;
  std::uint64_t size = 0;
};

// A file an image reader must know about: set-user-ID or set-group-ID, or a device node, FIFO or
// socket. Packages may install them; the manifest lists every one.
struct SpecialFile {
  std::string path;
  std::string kind;  // "setuid", "setgid", "setuid setgid", "character device 4:64", "block device 8:0", "fifo", "socket"
  unsigned mode = 0;  // permission bits with the set-ID bits
};

// One cpio segment of a layered initramfs (image/initramfs_layers.hpp), in unpacking order.
struct InitramfsLayerSize {
  std::string name;
  std::uint64_t entries = 0, bytes = 0;
};

struct Manifest {
  std::string name;
  std::string distro;  // the target distribution, "" when the definition names none
  std::vector<std::string> definition;  // the definition file and its ancestors
  std::string inputs_sha256;
  std::int64_t source_date_epoch = 0;
  bool has_kernel = false;
  ManifestKernel kernel;
  std::vector<std::string> notes;       // what a reader must know: stand-in sources, kernel fallbacks
  std::vector<ManifestPackage> packages;
  std::uint64_t installed_size = 0, files = 0, tree_bytes = 0;
  std::map<std::string, std::uint64_t> artifacts;    // file name in the image folder -> bytes
  std::map<std::string, std::uint64_t> directories;  // top-level folder of the tree -> bytes
  std::vector<LargeFile> largest_files;
  std::vector<SpecialFile> special_files;  // in path order
  std::vector<InitramfsLayerSize> initramfs_layers;  // empty: the initramfs is one archive
  std::optional<NotShipped> not_shipped;             // set when the definition names packages not to ship
};

nlohmann::json manifest_json(const Manifest& m);
Expected<Manifest> manifest_from_json(const nlohmann::json& j, const std::string& where);
// An image folder (its manifest.json) or a manifest file.
Expected<Manifest> load_manifest(const std::filesystem::path& image_dir_or_file);

}  // namespace ssi::image
