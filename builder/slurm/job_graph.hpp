#pragma once
// A set of jobs with afterok dependencies, run through Slurm: submitted in order, then followed
// until every job has ended. Failures and interruptions never leave work queued behind: the
// dependents of a failed job, or everything after Ctrl-C, are cancelled and named.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "slurm/job.hpp"
#include "util/error.hpp"

namespace ssi::slurm {

struct GraphRun {
  std::vector<std::string> ids;  // Slurm's job id of each job (fewer when submitting stopped)
  std::vector<JobState> states;  // of each submitted job, when the wait ended
};

struct FollowOptions {
  const std::atomic<bool>* interrupted = nullptr;  // set from a signal handler: cancel and stop
  std::function<void(std::size_t job, JobState state)> progress;  // each change of a job's state
  unsigned poll_milliseconds = 1000;
};

// Submits the jobs (a job's `after` name earlier jobs); on an error or an interruption part way,
// cancels the ones already submitted.
Expected<GraphRun> submit_jobs(const std::vector<Job>& jobs, const SubmitOptions& options,
                               const std::atomic<bool>* interrupted);

// Waits until every job has ended. When one fails, the jobs depending on it (directly or not)
// that have not ended are cancelled at once. The error (exit 4) says, for each failed job, its
// id, its output file and the tail of its log, and names the cancelled ones.
Expected<GraphRun> follow_jobs(const std::vector<Job>& jobs, GraphRun run, const SubmitOptions& options,
                               const FollowOptions& follow);

}  // namespace ssi::slurm
