#pragma once
// An initramfs written as concatenated cpio segments ("layers"), which Linux unpacks one after
// the other into the same root: first the tree's folders and every file no package owns (the
// rpmdb, made files, the init hook), then one layer for the distribution's packages, one for the
// kernel's and one per OSCAR package. Each layer is cached beside the image under the hash of its
// entries, so a change to one OSCAR package packs that layer and the first (whose rpmdb changed)
// again, and takes the others from the cache.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "image/tree_archive.hpp"
#include "rpm/package_record.hpp"
#include "util/error.hpp"

namespace ssi::image {

struct InitramfsLayer {
  std::string name;                // "tree", "packages", "kernel" or "oscar-NAME"
  std::vector<std::string> paths;  // relative to the root, sorted
  // Every entry's time: the newest build time of the layer's packages (at most the pack
  // options' time), so that a package changed elsewhere leaves the layer's bytes alone; -1
  // ("tree"): the pack options' time.
  std::int64_t mtime = -1;
};

struct PackageLayers {
  // The layer of each file the packages own, keyed by its path in the tree (a package's /bin/sh
  // is usr/bin/sh where /bin links to usr/bin).
  std::map<std::string, std::string> layer_of;
  std::map<std::string, std::int64_t> newest_build;  // layer -> its packages' newest build time
};

// `group_of` is the manifest's group of each package by name: "oscar:NAME", "kernel", or
// another (the distribution's).
PackageLayers package_layers(const std::filesystem::path& root, const std::vector<PackageRecord>& installed,
                             const std::map<std::string, std::string>& group_of);

// Every path of the tree in its layer: folders and paths no package owns in "tree", which comes
// first; the others in name order.
std::vector<InitramfsLayer> split_into_layers(const std::filesystem::path& root, const PackageLayers& packages);

struct PackedLayer {
  std::string name;
  std::uint64_t entries = 0, bytes = 0;  // archive entries, compressed bytes
  bool reused = false;                   // found in the cache
};

// Packs each layer into `cache` unless an equal one is there, writes their concatenation to
// `out` (through a temporary name) and removes the cache's other layers.
Expected<std::vector<PackedLayer>> pack_layers(const std::filesystem::path& root, const std::vector<InitramfsLayer>& layers,
                                               const std::filesystem::path& out, const std::filesystem::path& cache,
                                               const PackOptions& options);

}  // namespace ssi::image
