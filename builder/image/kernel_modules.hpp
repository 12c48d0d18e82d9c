#pragma once
// Slimming a kernel's modules to the ones an image's nodes load: the named modules, closed
// through modules.dep and modules.softdep (and modules.alias, as modprobe reads them); firmware stays only when a kept module names it.
// Everything else leaves the image's tree (the rpmdb still lists it: the kernel package is
// installed whole, its unused files are not shipped).
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace ssi::image {

// A module's name as modprobe compares it: the file name without .ko and its compression, with
// '-' read as '_'.
std::string module_name(std::string_view path_or_name);

// The module files (paths as modules.dep writes them) that `wanted` needs: their dependencies and
// soft dependencies, a name that is an alias (modules.alias) standing for every module that has
// it. A module built into the kernel (modules.builtin) needs no file. Every wanted name found
// nowhere is one line of the error (`where` starts it: "images/x.toml:7: image.modules.debian"),
// all at once.
Expected<std::set<std::string>> module_closure(std::string_view modules_dep, std::string_view modules_softdep,
                                               std::string_view modules_alias, std::string_view modules_builtin,
                                               const std::vector<std::string>& wanted, const std::string& where);

struct ModuleSlimming {
  std::vector<std::string> named;
  std::uint64_t modules_kept = 0, modules_left_out = 0, firmware_left_out = 0, bytes_left_out = 0;
};

// Removes from ROOT every module of `release` outside the closure of `wanted` and every firmware
// file no kept module names (modinfo -F firmware), then indexes what is left again (depmod).
Expected<ModuleSlimming> slim_kernel_modules(const std::filesystem::path& root, const std::string& release,
                                             const std::vector<std::string>& wanted, const std::string& where,
                                             const std::filesystem::path& logs);

// depmod -b ROOT RELEASE: modules.dep and the other indexes modprobe reads (log: LOGS/depmod.log).
Status index_kernel_modules(const std::filesystem::path& root, const std::string& release, const std::filesystem::path& logs);

}  // namespace ssi::image
