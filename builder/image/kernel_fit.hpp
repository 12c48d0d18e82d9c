#pragma once
// The picked kernel checked against the assembled image before any node boots it: the
// initramfs compression it can unpack chooses the archive's (or refuses the build in one line),
// and the C library's minimum kernel is reported with the backports the kernel carries.
#include <filesystem>
#include <string>
#include <vector>

#include "image/tree_archive.hpp"
#include "kernel/kernel_definition.hpp"
#include "util/error.hpp"

namespace ssi::image {

struct KernelFit {
  Compression initramfs = Compression::zstd;
  std::vector<std::string> notes;     // for the manifest and the reports
  std::vector<std::string> warnings;  // printed by the build as well
};

// `root` is the image tree, `release` the picked kernel's; `image_file` names the definition
// in a refusal (exit 2).
Expected<KernelFit> check_kernel_fit(const std::filesystem::path& root, const kernel::KernelDefinition& kernel,
                                     const std::string& release, const std::string& image_file);

// ".cpio.zst" or ".cpio.gz".
std::string initramfs_suffix(Compression compression);

}  // namespace ssi::image
