#pragma once
// `image boot-test`: boots an image folder's kernel with its initramfs under qemu (software
// emulation, serial console to a log) and passes when the init hook's marker appears and none of
// the image's boot checks failed. With N nodes the image's nodes boot on a private Ethernet
// segment (a bridge in a network namespace of their own) and the test passes when the boot
// node says its Kerrighed cluster is ready.
#include <chrono>
#include <filesystem>
#include <string>

#include "util/error.hpp"

namespace ssi::boot {

struct BootTestOptions {
  std::chrono::seconds timeout{120};
  unsigned memory_mib = 1024;  // at least; raised to fit the unpacked image
  std::string qemu = "qemu-system-x86_64";
  std::string append;  // more kernel parameters, after the image's own
  unsigned nodes = 1;  // more than one: a Kerrighed cluster on a private network, node_id=1..N
  bool usage = false;  // one node: list the files the boot opened into IMAGE/boot-usage.txt
};

struct BootTestResult {
  std::filesystem::path log;
  double seconds = 0;
  std::string node_lines;  // what the init hook printed about the node
  std::size_t used_files = 0;  // with `usage`: how many files the node opened
};

// A missing qemu or kernel, or no marker before the time limit (the log's tail and its path in
// the message), is an error (exit 4).
Expected<BootTestResult> boot_test(const std::filesystem::path& image_dir, const BootTestOptions& options);

}  // namespace ssi::boot
