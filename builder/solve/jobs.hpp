#pragma once
// Turns specs and excludes into a libsolv job queue.
#include <string>
#include <vector>

#include "solve/pool.hpp"
#include "solve/resolution.hpp"

namespace ssi::solve {

// Makes packages whose name matches one of the globs invisible to the solver (dnf's excludes).
void apply_excludes(Pool& pool, const std::vector<std::string>& globs);

struct JobSet {
  IdQueue job;                        // SOLVER_INSTALL selections, pairs (how, what)
  std::vector<int> spec_of_pair;      // for each pair in `job`, the index of its spec
  std::vector<std::size_t> unknown;   // specs that match nothing
};

// `skip` marks specs left out (dropped by --skip-broken).
void build_jobs(Pool& pool, const std::vector<Spec>& specs, const std::vector<bool>& skip, JobSet& out);

}  // namespace ssi::solve
