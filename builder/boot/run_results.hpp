#pragma once
// Results of cluster runs (`cluster boot|test|sweep`), kept by the content they ran on, as a build
// system keeps a test's result: a run whose key matches the one its results file recorded, and
// which passed, is not run again. The key digests the tool itself, every file the head node would
// serve (boot parameters, cluster files, each image's inputs and boot files) and the run's
// options; a failed run records no key, so it runs again.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "boot/boot_sweep.hpp"
#include "boot/cluster_boot.hpp"

namespace ssi::boot {

// The key of running `nodes` of cluster `c` with `suites`; `what` names the kind of run and any
// option that changes its outcome ("test cpus=1", "sweep 1-4").
std::string cluster_run_key(const cluster::ClusterDefinition& c, const std::vector<cluster::ClusterNode>& nodes,
                            const std::vector<std::string>& suites, const std::string& what);

// The JSON document of a run (--json, --results) and back.
nlohmann::json cluster_result_json(const std::string& cluster, const ClusterBootResult& result);
ClusterBootResult cluster_result_from_json(const nlohmann::json& document);
nlohmann::json sweep_point_json(const SweepPoint& point);
SweepPoint sweep_point_from_json(const nlohmann::json& point);

// The results file's document, when it parses; nullopt when it is missing or unreadable (a run
// then simply runs).
std::optional<nlohmann::json> read_results(const std::filesystem::path& file);

}  // namespace ssi::boot
