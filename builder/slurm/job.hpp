#pragma once
// A Slurm job of a `--slurm` run: one recipe, kernel or image, what it runs and what it needs.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "util/job_resources.hpp"

namespace ssi::slurm {

struct Job {
  std::string name;                  // the recipe, kernel or image: the job's name and in messages
  std::vector<std::string> command;  // absolute paths only: it runs on another node
  JobResources resources;            // complete (defaults applied)
  std::vector<std::size_t> after;    // jobs of the same graph that must succeed first (earlier indices)
  std::filesystem::path log;         // the step's own log, whose tail a failure shows ("" = none)
};

// Passed to every sbatch of a run.
struct SubmitOptions {
  std::filesystem::path folder;      // shared: job scripts, Slurm's output files, the run's marker
  std::string partition, account;
  std::vector<std::string> extra;    // more sbatch options, as given
};

enum class JobState { queued, running, done, failed, cancelled };
const char* state_name(JobState state);

}  // namespace ssi::slurm
