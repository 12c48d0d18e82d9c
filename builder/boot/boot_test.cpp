#include "boot/boot_test.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "boot/private_network.hpp"
#include "boot/serial_log.hpp"
#include "image/boot_files.hpp"
#include "image/boot_usage.hpp"
#include "image/manifest.hpp"
#include "util/fs.hpp"
#include "util/subprocess.hpp"

namespace ssi::boot {
using image::kBootMarker;
using image::kBootTestParameter;
namespace fs = std::filesystem;
namespace {

constexpr const char* kClusterReady = "ssi-oscar-boot: cluster ready";

bool contains(const fs::path& log, const char* text) {
  auto content = read_file(log);
  return content && content->find(text) != std::string::npos;
}

bool marker_seen(const fs::path& log, const void*) { return contains(log, kBootMarker); }

// A cluster boot is done when the boot node says the cluster is ready, or a check failed there.
bool cluster_done(const fs::path& log, const void*) {
  return contains(log, kClusterReady) || contains(log, ": FAILED");
}

std::string node_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines)
    if (line.starts_with("ssi-oscar-boot:")) out += line + "\n";
  return out;
}

// The kernel's own reason when it panicked ("Attempted to kill init!"): a kernel that prints a
// stack trace after it pushes that line out of the log's tail.
std::string kernel_panic(const std::vector<std::string>& lines) {
  for (const auto& line : lines)
    if (const auto at = line.find("Kernel panic - "); at != std::string::npos)
      return "; the kernel panicked: " + line.substr(at + 15);
  return "";
}

std::string failed_checks(const std::string& node_lines) {
  std::string failed;
  std::istringstream lines(node_lines);
  for (std::string line; std::getline(lines, line);)
    if (line.find(": FAILED") != std::string::npos) failed += "\n  " + line;
  return failed;
}

// The node's list of the files it opened (the init hook's kUsedPrefix lines) into
// IMAGE/boot-usage.txt; how many there are.
Expected<std::size_t> record_usage(const fs::path& image_dir, const fs::path& log, const std::vector<std::string>& lines) {
  const auto opened = image::listed_opened(lines);
  if (!opened)
    return step_failed(log.string() + ": the node did not list the files it opened (its image needs find, xargs, stat "
                                      "and awk for --usage)");
  if (auto ok = image::write_opened(image::boot_usage_file(image_dir), *opened); !ok) return ok.error();
  return opened->size();
}

struct Boot {
  fs::path kernel, initramfs;
  unsigned memory = 0;
  std::string cmdline;
};

std::vector<std::string> kernel_boot(const Boot& boot, const std::string& extra_cmdline) {
  return {"-kernel", boot.kernel.string(), "-initrd", boot.initramfs.string(), "-append", boot.cmdline + extra_cmdline};
}

std::vector<std::string> qemu_argv(const BootTestOptions& options, const Boot& boot) {
  // TCG, not KVM: a KVM guest can hang on some hosts, and software emulation runs everywhere.
  std::vector<std::string> argv = {options.qemu, "-machine", "q35,accel=tcg", "-m", std::to_string(boot.memory),
                                   "-display", "none", "-no-reboot", "-monitor", "none"};
  for (auto& a : kernel_boot(boot, "")) argv.push_back(std::move(a));
  return argv;
}

}  // namespace

Expected<BootTestResult> boot_test(const fs::path& image_dir, const BootTestOptions& options) {
  auto manifest = image::load_manifest(image_dir);
  if (!manifest) return manifest.error();
  Boot boot;
  boot.kernel = image_dir / "boot" / "vmlinuz";
  boot.initramfs = image_dir / (manifest->name + ".cpio.zst");
  if (manifest->artifacts.contains(manifest->name + ".cpio.gz")) boot.initramfs = image_dir / (manifest->name + ".cpio.gz");
  if (!manifest->has_kernel || !fs::exists(boot.kernel))
    return step_failed(image_dir.string() + ": image " + manifest->name + " has no kernel to boot (boot/vmlinuz)");
  if (!fs::exists(boot.initramfs))
    return step_failed(boot.initramfs.string() + ": missing: the image needs the cpio.zst format (an initramfs) to boot from memory");
  if (!program_available(options.qemu))
    return step_failed(options.qemu + ": not installed (apt-get install qemu-system-x86): cannot boot-test " + manifest->name);
  if (options.usage && options.nodes > 1)
    return bad_input("--usage lists what one node opened: boot-test " + manifest->name + " without --nodes");
  if (options.nodes > 1 && !program_available("unshare"))
    return step_failed("unshare: not installed (util-linux): cannot make the private network of a cluster boot");

  BootTestResult result;
  // The initramfs unpacks into RAM next to its compressed copy: room for both, and some.
  const std::uint64_t mib = 1024 * 1024;
  const auto needed = static_cast<unsigned>((2 * manifest->tree_bytes + fs::file_size(boot.initramfs)) / mib + 512);
  boot.memory = std::max(options.memory_mib, needed);
  // panic=1, not -1: Linux 2.6 hangs on a negative value; with -no-reboot qemu ends either way.
  boot.cmdline = manifest->kernel.cmdline + " console=ttyS0 panic=1 " + kBootTestParameter +
                 " ssi_oscar.nodes=" + std::to_string(options.nodes);
  if (options.usage) boot.cmdline += std::string(" ") + image::kUsageParameter + "=1";
  if (!options.append.empty()) boot.cmdline += " " + options.append;

  const auto start = std::chrono::steady_clock::now();
  std::string why;
  if (options.nodes <= 1) {
    result.log = image_dir / "boot-test.log";
    auto argv = qemu_argv(options, boot);
    argv.insert(argv.end(), {"-serial", "stdio"});
    auto run = run_process(argv, result.log, options.timeout, {}, marker_seen);
    if (!run) return run.error();
    if (!marker_seen(result.log, nullptr))
      why = (run->timed_out ? "no boot marker within " + std::to_string(options.timeout.count()) + " s"
                            : "qemu ended without the boot marker");
  } else {
    // N nodes on one Ethernet segment of their own, each with its Kerrighed node id.
    NetworkSpec spec;
    spec.dir = fs::absolute(image_dir / "cluster-boot");
    spec.qemu = options.qemu;
    std::error_code ec;
    fs::remove_all(spec.dir, ec);
    for (unsigned i = 1; i <= options.nodes; ++i) {
      spec.nodes.push_back({"node" + std::to_string(i), 0x5254005e0000ULL + i, boot.memory, 1,
                            kernel_boot(boot, " node_id=" + std::to_string(i))});
    }
    auto network = PrivateNetwork::start(spec);
    if (!network) return network.error();
    result.log = network->log("node1");
    const auto deadline = start + options.timeout;
    while (network->running() && !cluster_done(result.log, nullptr) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const bool timed_out = std::chrono::steady_clock::now() >= deadline;
    network->stop();
    const fs::path dir = spec.dir;
    if (!contains(result.log, kClusterReady) && !contains(result.log, ": FAILED"))
      why = timed_out ? "the cluster of " + std::to_string(options.nodes) + " nodes was not ready within " +
                            std::to_string(options.timeout.count()) + " s"
                      : "the nodes stopped before the cluster was ready (" + (dir / "run.log").string() + ")";
    for (unsigned i = 2; i <= options.nodes; ++i)
      result.node_lines += node_lines(log_lines(dir / ("node" + std::to_string(i) + ".log")));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto lines = log_lines(result.log);
  if (!why.empty()) why += kernel_panic(lines);
  result.node_lines = node_lines(lines) + result.node_lines;
  if (why.empty()) why = failed_checks(result.node_lines).empty() ? "" : "the image's boot checks failed";
  if (!why.empty())
    return step_failed(manifest->name + ": boot test failed: " + why + "; serial log " + result.log.string() +
                       failed_checks(result.node_lines) + "\n" + log_tail(result.log, 15));
  if (options.usage) {
    auto used = record_usage(image_dir, result.log, lines);
    if (!used) return used.error();
    result.used_files = *used;
  }
  // What reports read of the last passed single-node boot (image compare's boot time).
  if (options.nodes <= 1)
    if (auto ok = write_file_atomic(image_dir / "boot-test.json",
                                    nlohmann::json{{"seconds", result.seconds}, {"kernel", manifest->kernel.release}}.dump(2) + "\n");
        !ok)
      return ok.error();
  return result;
}

}  // namespace ssi::boot
