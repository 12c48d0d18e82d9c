#pragma once
// The one way ssi-oscar starts, watches and stops qemu nodes on a network: a private Ethernet
// segment (a bridge with one tap per node) inside network and pid namespaces of their own, so
// nothing the nodes or the head node's services send leaves it, and everything started there
// dies with it: on stop(), when the owner goes out of scope, and when ssi-oscar itself is
// killed (the namespace's first process gets SIGKILL when its parent dies).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "util/subprocess.hpp"

namespace ssi::boot {

struct VmNode {
  std::string name;  // its serial console goes to DIR/NAME.log, qemu's exit status to DIR/NAME.exit
  std::uint64_t mac = 0;
  unsigned memory_mib = 512;
  unsigned cpus = 1;
  std::vector<std::string> boot;  // qemu's boot arguments: -kernel, -initrd, -append, or -boot n
};

struct Service {
  std::string name;  // its output goes to DIR/NAME.log
  std::vector<std::string> argv;
};

struct NetworkSpec {
  std::filesystem::path dir;  // absolute: run.sh and the logs
  std::string bridge = "br0";
  std::string bridge_address;     // "10.77.0.1/24" for a head node on the segment, else empty
  std::vector<Service> services;  // started on the bridge before the nodes (dnsmasq, httpd)
  bool private_run = false;       // a /run of its own: rpcbind's socket must not meet the host's
  std::vector<VmNode> nodes;
  std::string qemu = "qemu-system-x86_64";
};

class PrivateNetwork {
 public:
  // Writes DIR/run.sh and starts it; a missing qemu, unshare or setpriv is named (exit 4).
  static Expected<PrivateNetwork> start(const NetworkSpec& spec);
  PrivateNetwork(PrivateNetwork&& other) noexcept : spec_(std::move(other.spec_)), process_(std::move(other.process_)) {
    other.spec_.dir.clear();
  }
  ~PrivateNetwork() { stop(); }

  bool running() { return process_.running(); }
  bool node_ended(const std::string& name) const;
  std::filesystem::path log(const std::string& name) const { return spec_.dir / (name + ".log"); }
  // Kills everything in the namespace and waits until no process of this run is left.
  void stop();

 private:
  PrivateNetwork(NetworkSpec spec, RunningProcess process) : spec_(std::move(spec)), process_(std::move(process)) {}
  NetworkSpec spec_;
  RunningProcess process_;
};

// Processes whose command line mentions `dir` (a run's own folder): none once a run is stopped.
std::vector<int> processes_using(const std::filesystem::path& dir);

}  // namespace ssi::boot
