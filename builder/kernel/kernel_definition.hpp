#pragma once
// A kernel definition (kernels/NAME.toml): which package holds a kernel, the command line it boots
// with, and, when it can be rebuilt, how (the format is documented in docs/kernels.md).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "recipe/recipe.hpp"
#include "util/error.hpp"

namespace ssi::kernel {

struct KernelBuild {
  std::string config = "defconfig";    // a make target (tinyconfig, defconfig) or a file beside the definition
  std::vector<std::string> options;    // CONFIG_…=… lines merged on top of it
  std::string local_version;           // appended to the kernel release: "-node", "-krg"
  std::string target = "bzImage";
  bool modules = true;
  std::string prep;                    // shell run in the unpacked tree, after the patches
  std::string patch_series;            // a folder beside the definition: NN-what.patch, applied after [[patch]]
  std::vector<std::string> make_flags; // toolchain settings given to every make (CC=gcc-12, HOSTCC=…)
  std::string build_root;              // why the host's toolchain cannot build it; "" = it can
  std::string source_package;          // a subpackage with the patched tree under /usr/src; "" = none
  std::vector<std::filesystem::path> source_dirs;  // searched after --sources
};

struct KernelDefinition {
  std::filesystem::path file;
  std::string name;     // what images name
  std::string summary;
  std::string package;  // the RPM that installs /boot/vmlinuz-RELEASE and /lib/modules/RELEASE
  std::string cmdline;  // the boot command line the kernel needs
  std::vector<std::string> requires_;  // of the kernel package (a buildable kernel's own modules)
  std::optional<KernelBuild> build;
  // For a buildable kernel: licence, release, sources, patches, extra subpackages and changelog,
  // in the recipe format (name and version are filled in by `kernel build`).
  recipe::Recipe recipe;
};

// Every problem of the file at once (file:line: key: what, exit 2).
Expected<KernelDefinition> load_kernel(const std::filesystem::path& file);
// kernels/NAME.toml, or a path to a definition.
Expected<KernelDefinition> find_kernel(const std::filesystem::path& kernels_dir, const std::string& name_or_file);
// Every definition of the folder, by name; the errors of all broken ones together.
Expected<std::vector<KernelDefinition>> load_kernels(const std::filesystem::path& kernels_dir);

}  // namespace ssi::kernel
