#pragma once
// `cluster sweep`: the SSI-OSCAR paper's installation-time figure (its Figure 5) for today's
// images: each cluster netbooted with 1, 2, ... N nodes, every phase of the slowest node timed
// (DHCP lease, image downloaded and kernel started, node up, peers reached), as a table, JSON and
// an SVG plot.
#include <string>
#include <vector>

#include "boot/cluster_boot.hpp"

namespace ssi::boot {

struct SweepPoint {
  std::string cluster, image;
  unsigned nodes = 0;
  // The slowest node's phase ends, in seconds since the nodes were started (-1: not reached).
  NodeOutcome::Phases phases;
  double seconds = 0;   // the whole run, services and shutdown included
  std::string failure;  // empty when every node passed
};

// Boots cluster `c` with first..last nodes, one run after the other (each in
// options.run_dir/NODES); `done` is called after each point.
Expected<std::vector<SweepPoint>> sweep_cluster(const cluster::ClusterDefinition& c, unsigned first, unsigned last,
                                                const ClusterBootOptions& options,
                                                const std::function<void(const SweepPoint&)>& done = {});

// The points as a line plot: x the number of nodes, y the seconds until every node reached its
// peers, one line per cluster.
std::string sweep_svg(const std::vector<SweepPoint>& points);

}  // namespace ssi::boot
