#pragma once
// The Slurm client commands a run drives: sbatch, squeue, scancel (and sacct for jobs the
// controller has forgotten). They are Slurm's stable interface across versions and sites;
// libslurm's API changes with every release (docs/scaling.md).
#include <map>
#include <string>
#include <vector>

#include "slurm/job.hpp"
#include "util/error.hpp"

namespace ssi::slurm {

// Submits one job after the given job ids (afterok); its job id. The batch script is written
// to options.folder/NAME.sbatch, Slurm's output goes to options.folder/NAME-JOBID.out.
Expected<std::string> submit(const Job& job, const std::vector<std::string>& after_ids, const SubmitOptions& options);

struct JobStatus {
  JobState state = JobState::queued;
  std::string reason;  // Slurm's, for a job it holds or failed
};

// The state of each job Slurm still knows; a job it does not know is missing from the map.
// A job Slurm holds after its launch failed counts as failed: it would wait forever.
Expected<std::map<std::string, JobStatus>> job_states(const std::vector<std::string>& ids,
                                                     const std::filesystem::path& folder);

// Asks Slurm to cancel the jobs; failures (a job that just ended) do not matter.
void cancel(const std::vector<std::string>& ids, const std::filesystem::path& folder);

// Where Slurm writes the job's output.
std::filesystem::path job_output(const SubmitOptions& options, const std::string& name, const std::string& id);

}  // namespace ssi::slurm
