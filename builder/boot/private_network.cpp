#include "boot/private_network.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "cluster/network_address.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace ssi::boot {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> qemu_argv(const NetworkSpec& spec, const VmNode& node, const std::string& tap) {
  // TCG, not KVM: a KVM guest can hang on some hosts, and software emulation runs everywhere.
  std::vector<std::string> argv = {spec.qemu, "-machine", "q35,accel=tcg", "-m", std::to_string(node.memory_mib), "-smp", std::to_string(node.cpus),
                                   "-display", "none", "-no-reboot", "-monitor", "none", "-serial",
                                   "file:" + (spec.dir / (node.name + ".log")).string(), "-nic", "none", "-netdev",
                                   "tap,id=net0,ifname=" + tap + ",script=no,downscript=no", "-device",
                                   "e1000,netdev=net0,mac=" + cluster::format_mac(node.mac)};
  argv.insert(argv.end(), node.boot.begin(), node.boot.end());
  return argv;
}

std::string run_script(const NetworkSpec& spec) {
  std::string s = "set -e\nip link set lo up\nip link add " + spec.bridge + " type bridge\nip link set " + spec.bridge + " up\n";
  if (!spec.bridge_address.empty()) s += "ip addr add " + spec.bridge_address + " dev " + spec.bridge + "\n";
  // RPC services find each other through sockets in /run, which network namespaces do not separate.
  if (spec.private_run) s += "mount -t tmpfs -o mode=0755 run /run\n";
  for (std::size_t i = 0; i < spec.nodes.size(); ++i) {
    const std::string tap = "tap" + std::to_string(i);
    s += "ip tuntap add dev " + tap + " mode tap\nip link set " + tap + " master " + spec.bridge + "\nip link set " + tap + " up\n";
  }
  for (const auto& service : spec.services)
    s += shell_command(service.argv) + " >" + shell_quote((spec.dir / (service.name + ".log")).string()) + " 2>&1 &\n";
  for (std::size_t i = 0; i < spec.nodes.size(); ++i) {
    const auto& node = spec.nodes[i];
    s += "(" + shell_command(qemu_argv(spec, node, "tap" + std::to_string(i))) + "; echo $? >" +
         shell_quote((spec.dir / (node.name + ".exit")).string()) + ") &\n";
  }
  return s + "wait\n";
}

}  // namespace

Expected<PrivateNetwork> PrivateNetwork::start(const NetworkSpec& spec) {
  for (const char* tool : {"unshare", "setpriv", "ip"})
    if (!program_available(tool)) return step_failed(std::string(tool) + ": not installed (util-linux, iproute2): cannot make a private network");
  if (!program_available(spec.qemu)) return step_failed(spec.qemu + ": not installed (apt-get install qemu-system-x86): cannot boot nodes");
  for (const auto& service : spec.services)
    if (!program_available(service.argv.front())) return step_failed(service.argv.front() + ": not installed: cannot start the head node's " + service.name);
  if (auto ok = ensure_directory(spec.dir); !ok) return ok.error();
  for (const auto& node : spec.nodes) {
    std::error_code ec;
    fs::remove(spec.dir / (node.name + ".exit"), ec);
    fs::remove(spec.dir / (node.name + ".log"), ec);
  }
  if (auto ok = write_file_atomic(spec.dir / "run.sh", run_script(spec)); !ok) return ok.error();
  // setpriv: the namespace's first process dies with ssi-oscar; unshare --kill-child then takes
  // the whole pid namespace (qemu, dnsmasq, httpd) with it.
  auto process = RunningProcess::start({"setpriv", "--pdeathsig", "KILL", "unshare", "--net", "--pid", "--mount", "--fork",
                                        "--kill-child", "sh", (spec.dir / "run.sh").string()},
                                       spec.dir / "run.log");
  if (!process) return process.error();
  return PrivateNetwork(spec, std::move(*process));
}

bool PrivateNetwork::node_ended(const std::string& name) const { return fs::exists(spec_.dir / (name + ".exit")); }

void PrivateNetwork::stop() {
  process_.stop();
  if (spec_.dir.empty()) return;
  // The kernel takes the namespace's processes down after its first one; wait until it has.
  for (int tries = 0; tries < 100 && !processes_using(spec_.dir).empty(); ++tries)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

std::vector<int> processes_using(const fs::path& dir) {
  std::vector<int> pids;
  const std::string needle = dir.string();
  std::error_code ec;
  // Processes come and go while /proc is read: a vanished one is simply not there.
  for (auto it = fs::directory_iterator("/proc", ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const int fd = ::open((it->path() / "cmdline").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    std::string cmdline;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) cmdline.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    if (cmdline.find(needle) != std::string::npos) pids.push_back(std::stoi(name));
  }
  return pids;
}

}  // namespace ssi::boot
