#pragma once
// `image build`: an image definition becomes a compute-node image folder: the root tree, its
// archives, the picked kernel, PXE files and manifest.json. Identical inputs give identical
// archives; unchanged inputs skip the build.
#include <filesystem>
#include <string>
#include <vector>

#include "image/image_definition.hpp"
#include "image/image_plan.hpp"
#include "image/manifest.hpp"
#include "util/error.hpp"
#include "util/progress.hpp"

namespace ssi::image {

struct ImageBuildOptions {
  std::filesystem::path out;                                // the image folder
  PlanOptions plan;
  std::filesystem::path oscar_packages = "oscar-packages";  // OSCAR package trees: post-image scripts
  // Chosen by measure on the demo's OSCAR image (docs/performance.md): 0.8x gzip's size in less
  // than half its time. 2^27 bytes is the largest window Linux's initramfs unpacker takes.
  int zstd_level = 10;
  int zstd_window_log = 27;  // zstd's long-distance window, 2^N bytes; 0: off
  ShowProgress progress = ShowProgress::no;
  // A memory file system for trees the image does not keep; empty: always on disk.
  std::filesystem::path memory_dir = "/dev/shm";
  std::vector<std::filesystem::path> gpg_keys;  // with the definition's: every package must be signed by one
};

struct ImageBuildResult {
  Manifest manifest;
  bool up_to_date = false;
  std::size_t layers_reused = 0;  // initramfs layers taken from the layer cache (manifest.initramfs_layers)
  std::vector<std::string> warnings;
};

// Nothing in `out` changes unless the whole build succeeds: the new image is assembled beside it
// and swapped in at the end.
Expected<ImageBuildResult> build_image(const ImageDefinition& image, const ImageBuildOptions& options);

// Where a layered initramfs keeps its layers between builds: beside the image folder.
std::filesystem::path layer_cache(const std::filesystem::path& image_out);

// Whether options.out holds the image these inputs make: what build_image would skip.
Expected<bool> image_up_to_date(const ImageDefinition& image, const ImageBuildOptions& options);

// The plan's problems as one error (exit 3).
Error unresolvable_image(const ImageDefinition& image, const solve::Resolution& resolution);

}  // namespace ssi::image
