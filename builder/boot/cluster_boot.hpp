#pragma once
// `cluster boot`: a whole cluster netbooted under qemu. The head node's services (dnsmasq for
// DHCP and TFTP, busybox httpd for iPXE's HTTP) and the nodes share a private network
// (boot/private_network.hpp); each node loads its image through its NIC's PXE ROM, reports its
// name, address and the peers it reaches, and on a Kerrighed kernel the group's nodes form one
// Kerrighed cluster. Everything started is stopped before this returns.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster_definition.hpp"
#include "util/error.hpp"

namespace ssi::boot {

struct ClusterBootOptions {
  std::optional<unsigned> nodes;  // the definition's first N nodes; all by default
  std::chrono::seconds timeout{600};
  unsigned cpus = 1;  // virtual CPUs of each node
  std::filesystem::path run_dir;  // the served tree, logs and leases of this run
  std::string qemu = "qemu-system-x86_64";
  std::vector<std::string> suites;  // OSCAR packages whose tests the Kerrighed boot node runs (testing/test_root)
  bool usage = false;  // the suite runners list what their nodes opened: IMAGE/cluster-usage.txt per image
  std::function<void(const std::string&)> progress;  // one line per node event
  const std::atomic<bool>* interrupted = nullptr;   // set from a signal handler: stop now
};

struct NodeOutcome {
  std::string name, image, address;  // address: what the node said it has
  std::string leased;                // what dnsmasq's lease file says it gave the node's MAC
  double boot_seconds = -1;          // until the node reported its address
  // When each phase ended, in seconds since the nodes were started (-1: not reached): the DHCP
  // lease, the kernel's first words (its image downloaded), the node up with its address, its
  // peers reached.
  struct Phases {
    double leased = -1, kernel = -1, up = -1, peers = -1;
  } phases;
  std::vector<std::string> reached, unreached;
  std::vector<std::string> nfs;  // per export: "/home: mounted, read ssi2's file", or what failed
  std::string kerrighed;  // the node in Kerrighed's view, or why it was not checked; empty off Kerrighed
  std::string failure;    // empty when the node passed
  std::filesystem::path log;
};

// One test of a suite, as the node running it reported it.
struct TestOutcome {
  std::string suite, name, verdict;  // verdict: pass, fail or skip
  double seconds = 0;
  std::string why;  // for every non-pass
};

// One run of a job of a suite (the jobs suite: the same work on OSCAR and SSI clusters), as the
// node running it reported it: "job NAME NODES: KEY=VALUE... [note=free text]".
struct JobOutcome {
  std::string name;
  unsigned nodes = 0;
  std::vector<std::pair<std::string, std::string>> figures;  // in the order said; the first is its time in seconds
  std::string note;
};

struct ClusterBootResult {
  std::filesystem::path dir;
  std::vector<NodeOutcome> nodes;
  std::vector<TestOutcome> tests;
  std::vector<JobOutcome> jobs;
  std::vector<std::string> suite_lines;  // the suites' own words: set-up and totals
  std::vector<std::string> kerrighed_lines;  // the boot node's words about the cluster and its checks
  std::vector<std::pair<std::filesystem::path, std::size_t>> usage_lists;  // with `usage`: each image's list, its files
  double seconds = 0;
  bool ok() const;
};

// What a console line holds after each "ssi-oscar-boot: ", in order: a program's last output
// line without its newline runs into the next report, which must not be lost there.
std::vector<std::string> node_sayings(const std::string& line);

// A suite's line about one test, as the node said it (without "ssi-oscar-boot: "):
// "test SUITE/NAME: VERDICT SECONDS s[: why]"; nullopt for any other line.
std::optional<TestOutcome> parse_test_report(const std::string& said);

// A job's line as the node said it (without "ssi-oscar-boot: "); nullopt for any other line.
std::optional<JobOutcome> parse_job_report(const std::string& said);

// A missing qemu, dnsmasq or busybox, or no node that can boot, is an error (exit 4); nodes that
// fail are in the result with why.
Expected<ClusterBootResult> boot_cluster(const cluster::ClusterDefinition& cluster, const ClusterBootOptions& options);

}  // namespace ssi::boot
