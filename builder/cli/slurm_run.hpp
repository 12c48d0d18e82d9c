#pragma once
// `--slurm` of build, kernel build and image build: the shared options, and submitting and
// following a run's jobs with progress on stderr.
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "slurm/job_graph.hpp"
#include "slurm/planned_jobs.hpp"

namespace ssi::cli {

struct SlurmArgs {
  bool enabled = false, no_wait = false;
  std::string partition, account;
  std::vector<std::string> sbatch;
  std::string scheduled_job;  // internal: this process is one job of the run in this folder
};

void add_slurm_options(CLI::App* command, SlurmArgs& args);

// This program, as jobs on other nodes run it.
std::string own_executable();

// Submits the jobs into `folder` and, unless --no-wait, follows them until all have ended,
// printing each change; a failure throws (exit 4) after `on_failure` ran. With --no-wait,
// prints the job ids and how to follow them. The ids, or an empty run without jobs.
slurm::GraphRun run_jobs(const slurm::PlannedJobs& planned, const SlurmArgs& args, const std::filesystem::path& folder,
                         const std::function<void()>& on_failure = {});

// With --no-wait nobody indexes the repository when the jobs are done: a last job after all
// the others does (`repo index`, under the repository's lock).
void add_index_job(slurm::PlannedJobs& planned, const std::filesystem::path& repo);

// For a job: checks the run folder it was given is there (the path is shared).
void check_scheduled_job(const SlurmArgs& args);

}  // namespace ssi::cli
