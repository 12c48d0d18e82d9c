#pragma once
// kernel_picker's job on an assembled image: find the chosen kernel's files in the image, check
// that image, modules and initrd belong together, make it the default boot entry in
// etc/systemconfig/systemconfig.conf and copy kernel and initrd to the boot artifacts.
#include <filesystem>
#include <string>

#include "kernel/kernel_definition.hpp"
#include "util/error.hpp"

namespace ssi::kernel {

struct PickedKernel {
  std::string release;           // "6.1.192-node"
  std::filesystem::path vmlinuz;  // in the boot folder
  std::filesystem::path initrd;   // in the boot folder; "" when the image has none for this kernel
  std::string cmdline;
};

// `root` is the image tree; `boot` receives vmlinuz (and initrd). A kernel whose modules
// directory or initrd was made for another release is refused (exit 2), naming both releases.
Expected<PickedKernel> pick_kernel(const std::filesystem::path& root, const KernelDefinition& kernel,
                                   const std::string& extra_cmdline, const std::filesystem::path& boot);

// The release an x86 bzImage says it is ("" for a file that is not one).
std::string bzimage_release(const std::filesystem::path& image);

}  // namespace ssi::kernel
