#pragma once
// Does a kernel fit an image? Two questions answered before a node boots: which compression
// the kernel's initramfs unpacker knows (its CONFIG_RD_* settings), and which kernel the
// image's C library was built for (the ELF ABI note of libc.so.6) against the kernel's release
// and the backports its patch series carries.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kernel/kernel_definition.hpp"

namespace ssi::kernel {

// "gzip", "bzip2", "lzma", "xz", "lzo", "lz4", "zstd" for each CONFIG_RD_…=y of the configuration.
std::vector<std::string> initramfs_compressions(const std::string& config_text);

// The minimum Linux version an ELF file declares in its NT_GNU_ABI_TAG note ("3.2.0"), or
// nullopt when it has none (or is not a 64-bit little-endian ELF file).
std::optional<std::string> elf_minimum_kernel(const std::filesystem::path& elf);
// The same for the file's first bytes (the notes follow the headers: 64 KiB is plenty).
std::optional<std::string> elf_minimum_kernel_in(const std::string& data);

// The C library of an image root (lib/x86_64-linux-gnu/libc.so.6 and the other usual places).
std::optional<std::filesystem::path> find_libc(const std::filesystem::path& root);

// The glibc release a libc.so.6 says it is ("2.41", from its version banner), for a C library
// without an ABI note (glibc 2.41 has none); nullopt for another C library.
std::optional<std::string> glibc_release(const std::filesystem::path& libc);
// What every glibc since 2.26 requires (its NEWS of 2.26): Linux 3.2.0.
std::optional<std::string> glibc_documented_minimum(const std::string& release);

// -1, 0, 1 as release `a` ("2.6.30-krg") is older, the same or newer than version `b` ("3.2.0").
int compare_versions(const std::string& a, const std::string& b);

// The backports of the definition's patch series: the first line of each series patch that says
// "(Linux X.Y)", the release that added what it backports.
std::vector<std::string> compat_backports(const KernelDefinition& kernel);

}  // namespace ssi::kernel
