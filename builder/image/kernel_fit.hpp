#pragma once
// The picked kernel checked against an image before any node boots it: the initramfs
// compression it can unpack chooses the archive's (or refuses in one line), and the C library's
// minimum kernel is reported with the backports the kernel carries. `image build` asks the
// assembled tree; `image plan` asks the packages' payloads.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "image/image_plan.hpp"
#include "image/tree_archive.hpp"
#include "kernel/kernel_definition.hpp"
#include "util/error.hpp"

namespace ssi::image {

// What is known of a kernel and an image's C library.
struct KernelFacts {
  std::string release;                      // "2.6.30-krg"
  std::optional<std::string> config;        // the kernel's configuration
  std::string libc;                         // "/lib/x86_64-linux-gnu/libc.so.6"; "" when none was found
  std::optional<std::string> libc_minimum;  // "3.2.0", from its ELF ABI note
  std::string libc_minimum_from;            // how it was known when the note is missing
};

struct KernelFit {
  Compression initramfs = Compression::zstd;
  std::vector<std::string> notes;     // for the manifest, the reports and the plan
  std::vector<std::string> warnings;  // printed as well
};

KernelFacts facts_from_tree(const std::filesystem::path& root, const std::string& release);
// From the plan's kernel package and C library package (libc6 or glibc); nullopt when the
// repositories hold metadata only.
Expected<std::optional<KernelFacts>> facts_from_packages(const Plan& plan);

// `image_file` names the definition in a refusal (exit 2).
Expected<KernelFit> check_kernel_fit(const KernelFacts& facts, const kernel::KernelDefinition& kernel,
                                     const std::string& image_file);

// ".cpio.zst" or ".cpio.gz".
std::string initramfs_suffix(Compression compression);

}  // namespace ssi::image
