#include "image/initramfs_layers.hpp"

#include <archive.h>
#include <sys/stat.h>
#include <zstd.h>

#include <fstream>
#include <set>

#include "image/kernel_fit.hpp"
#include "util/fs.hpp"
#include "util/parallel.hpp"
#include "util/root_path.hpp"
#include "util/sha256.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

constexpr const char* kFirstLayer = "tree";
// Part of every layer's key: a change to how layers are packed, or another libarchive or
// libzstd, must not take a segment the old code packed from the cache.
constexpr const char* kLayerFormat = "ssi-oscar initramfs layer 1";

std::string layer_name(const std::string& group) {
  if (group.starts_with("oscar:")) return "oscar-" + group.substr(6);
  if (group == "kernel") return "kernel";
  return "packages";
}

// What the layer's archive is made of: each entry's path, type, mode, owner, size, device,
// link target or content digest, and which entries share an inode (they become hard links).
Expected<std::string> layer_key(const fs::path& root, const InitramfsLayer& layer, const PackOptions& options) {
  std::vector<std::string> digests(layer.paths.size());
  std::vector<std::string> failures(layer.paths.size());
  std::vector<struct stat> stats(layer.paths.size());
  parallel_for(layer.paths.size(), std::max(1u, options.threads), [&](std::size_t i) {
    const fs::path path = root / layer.paths[i];
    if (::lstat(path.c_str(), &stats[i]) != 0) {
      failures[i] = path.string() + ": vanished while packing";
      return;
    }
    std::error_code ec;
    if (S_ISLNK(stats[i].st_mode)) {
      digests[i] = "-> " + fs::read_symlink(path, ec).string();
    } else if (S_ISREG(stats[i].st_mode)) {
      auto digest = sha256_file_hex(path);
      if (digest) digests[i] = *digest;
      else failures[i] = digest.error().message;
    }
  });
  for (const auto& f : failures)
    if (!f.empty()) return step_failed(f);
  std::string text = std::string(kLayerFormat) + " " + archive_version_string() + " zstd " + ZSTD_versionString() + "\n" +
                     "layer " + layer.name + " format " + std::to_string(static_cast<int>(options.format)) + " compression " +
                     std::to_string(static_cast<int>(options.compression)) + " level " + std::to_string(options.level) +
                     " window " + std::to_string(options.window_log) + " mtime " + std::to_string(options.mtime) + "\n";
  std::map<std::pair<dev_t, ino_t>, std::size_t> inodes;
  for (std::size_t i = 0; i < layer.paths.size(); ++i) {
    const struct stat& st = stats[i];
    const auto [it, fresh] = inodes.try_emplace({st.st_dev, st.st_ino}, i);
    // nlink too: the archive's header holds it, and a name elsewhere in the tree changes it.
    text += layer.paths[i] + "\t" + std::to_string(st.st_mode) + " " + std::to_string(st.st_nlink) + " " +
            std::to_string(st.st_uid) + " " + std::to_string(st.st_gid) +
            " " + std::to_string(S_ISREG(st.st_mode) ? st.st_size : 0) + " " + std::to_string(st.st_rdev) + " " + digests[i] +
            (fresh ? "" : " = " + layer.paths[it->second]) + "\n";
  }
  return sha256_hex(text);
}

Status concatenate(const std::vector<fs::path>& parts, const fs::path& out) {
  const fs::path tmp = temporary_name(out, "tmp");
  const RemoveOnExit remove_partial(tmp);  // renamed away when finished
  {
    std::ofstream to(tmp, std::ios::binary);
    for (const auto& part : parts) {
      std::ifstream from(part, std::ios::binary);
      if (!from) return step_failed(part.string() + ": cannot be read");
      to << from.rdbuf();
    }
    to.flush();
    if (!to) return step_failed(out.string() + ": cannot be written" + full_disk_note(out));
  }
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) return step_failed(out.string() + ": " + ec.message());
  return success();
}

}  // namespace

PackageLayers package_layers(const fs::path& root, const std::vector<PackageRecord>& installed,
                             const std::map<std::string, std::string>& group_of) {
  PackageLayers out;
  TreePaths tree(root);
  for (const auto& package : installed) {
    const auto group = group_of.find(package.name);
    const std::string layer = layer_name(group == group_of.end() ? "" : group->second);
    auto& newest = out.newest_build.try_emplace(layer, 0).first->second;
    newest = std::max(newest, package.buildtime);
    for (const auto& file : package.files)
      if (const std::string path = tree.relative(file.path); !path.empty()) out.layer_of.try_emplace(path, layer);
  }
  return out;
}

std::vector<InitramfsLayer> split_into_layers(const fs::path& root, const PackageLayers& packages) {
  std::map<std::string, std::vector<std::string>> others;
  InitramfsLayer first{kFirstLayer, {}, -1};
  for (auto& path : tree_paths(root)) {
    std::error_code ec;
    const auto it = packages.layer_of.find(path);
    if (it == packages.layer_of.end() || fs::symlink_status(root / path, ec).type() == fs::file_type::directory)
      first.paths.push_back(std::move(path));
    else
      others[it->second].push_back(std::move(path));
  }
  std::vector<InitramfsLayer> layers{std::move(first)};
  for (auto& [name, paths] : others) {
    const auto newest = packages.newest_build.find(name);
    layers.push_back({name, std::move(paths), newest == packages.newest_build.end() ? -1 : newest->second});
  }
  return layers;
}

Expected<std::vector<PackedLayer>> pack_layers(const fs::path& root, const std::vector<InitramfsLayer>& layers, const fs::path& out,
                                               const fs::path& cache, const PackOptions& options) {
  if (auto ok = ensure_directory(cache); !ok) return ok.error();
  std::vector<PackedLayer> packed;
  std::vector<fs::path> parts;
  for (const auto& layer : layers) {
    PackOptions own = options;
    own.progress = ShowProgress::no;  // one bar per layer would be noise
    // No later than the image's own time: a SOURCE_DATE_EPOCH the user set stays a clamp.
    if (layer.mtime >= 0) own.mtime = std::min(layer.mtime, options.mtime);
    auto key = layer_key(root, layer, own);
    if (!key) return key.error();
    const fs::path part = cache / (layer.name + "." + key->substr(0, 32) + initramfs_suffix(options.compression));
    std::error_code ec;
    PackedLayer p{layer.name, layer.paths.size(), fs::file_size(part, ec), !ec};
    if (!p.reused) {
      auto size = pack_paths(root, layer.paths, part, own);
      if (!size) return size.error();
      p.bytes = *size;
    }
    packed.push_back(p);
    parts.push_back(part);
  }
  if (auto ok = concatenate(parts, out); !ok) return ok.error();
  // The cache holds this image's layers only: an older layer is no longer anybody's. (What is
  // left when this fails costs disk, not correctness: keys are content.)
  const std::set<fs::path> used(parts.begin(), parts.end());
  std::error_code ec;
  for (auto it = fs::directory_iterator(cache, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (!used.count(it->path())) fs::remove_all(it->path(), ec);
  return packed;
}

}  // namespace ssi::image
