#pragma once
// `image boot-test`: boots an image folder's kernel with its cpio.zst as initramfs under qemu
// (software emulation, serial console to a log) and passes when the init hook's marker appears.
#include <chrono>
#include <filesystem>
#include <string>

#include "util/error.hpp"

namespace ssi::image {

struct BootTestOptions {
  std::chrono::seconds timeout{120};
  unsigned memory_mib = 1024;  // at least; raised to fit the unpacked image
  std::string qemu = "qemu-system-x86_64";
  std::string append;  // more kernel parameters, after the image's own
};

struct BootTestResult {
  std::filesystem::path log;
  double seconds = 0;
  std::string node_lines;  // what the init hook printed about the node
};

// A missing qemu or kernel, or no marker before the time limit (the log's tail and its path in
// the message), is an error (exit 4).
Expected<BootTestResult> boot_test(const std::filesystem::path& image_dir, const BootTestOptions& options);

}  // namespace ssi::image
