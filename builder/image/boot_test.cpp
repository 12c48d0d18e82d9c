#include "image/boot_test.hpp"

#include <algorithm>
#include <sstream>

#include "image/boot_files.hpp"
#include "image/manifest.hpp"
#include "util/fs.hpp"
#include "util/subprocess.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

bool marker_seen(const fs::path& log, const void*) {
  auto text = read_file(log);
  return text && text->find(kBootMarker) != std::string::npos;
}

std::string node_lines(const fs::path& log) {
  std::string out;
  const auto text = read_file(log);
  std::istringstream lines(text ? *text : std::string());
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("ssi-oscar-boot:")) out += line + "\n";
  }
  return out;
}

}  // namespace

Expected<BootTestResult> boot_test(const fs::path& image_dir, const BootTestOptions& options) {
  auto manifest = load_manifest(image_dir);
  if (!manifest) return manifest.error();
  const fs::path kernel = image_dir / "boot" / "vmlinuz";
  fs::path initramfs = image_dir / (manifest->name + ".cpio.zst");
  if (manifest->artifacts.contains(manifest->name + ".cpio.gz")) initramfs = image_dir / (manifest->name + ".cpio.gz");
  if (!manifest->has_kernel || !fs::exists(kernel))
    return step_failed(image_dir.string() + ": image " + manifest->name + " has no kernel to boot (boot/vmlinuz)");
  if (!fs::exists(initramfs))
    return step_failed(initramfs.string() + ": missing: the image needs the cpio.zst format (an initramfs) to boot from memory");
  if (!program_available(options.qemu))
    return step_failed(options.qemu + ": not installed (apt-get install qemu-system-x86): cannot boot-test " + manifest->name);

  BootTestResult result;
  result.log = image_dir / "boot-test.log";
  // The initramfs unpacks into RAM next to its compressed copy: room for both, and some.
  const std::uint64_t mib = 1024 * 1024;
  const auto needed = static_cast<unsigned>((2 * manifest->tree_bytes + fs::file_size(initramfs)) / mib + 512);
  const unsigned memory = std::max(options.memory_mib, needed);
  // panic=1, not -1: Linux 2.6 hangs on a negative value; with -no-reboot qemu ends either way.
  std::string cmdline = manifest->kernel.cmdline + " console=ttyS0 panic=1 " + kBootTestParameter;
  if (!options.append.empty()) cmdline += " " + options.append;
  // TCG, not KVM: a KVM guest can hang on some hosts, and software emulation runs everywhere.
  const std::vector<std::string> argv = {
      options.qemu, "-machine", "q35,accel=tcg", "-m", std::to_string(memory), "-nographic", "-no-reboot",
      "-monitor", "none", "-serial", "stdio", "-kernel", kernel.string(), "-initrd", initramfs.string(), "-append", cmdline};
  const auto start = std::chrono::steady_clock::now();
  auto run = run_process(argv, result.log, options.timeout, {}, marker_seen);
  if (!run) return run.error();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!marker_seen(result.log, nullptr)) {
    const std::string why = run->timed_out ? "no boot marker within " + std::to_string(options.timeout.count()) + " s"
                                           : "qemu ended without the boot marker";
    return step_failed(manifest->name + ": boot test failed: " + why + "; serial log " + result.log.string() + "\n" +
                       log_tail(result.log, 15));
  }
  result.node_lines = node_lines(result.log);
  // The image's boot checks (boot-test.d) say "check NAME: FAILED (…)" for what did not work.
  std::string failed;
  std::istringstream lines(result.node_lines);
  for (std::string line; std::getline(lines, line);)
    if (line.find(": FAILED") != std::string::npos) failed += "\n  " + line;
  if (!failed.empty())
    return step_failed(manifest->name + ": boot test failed: the image's boot checks failed; serial log " +
                       result.log.string() + failed);
  return result;
}

}  // namespace ssi::image
