#include "slurm/job_graph.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "slurm/sbatch.hpp"
#include "util/subprocess.hpp"
#include "util/text.hpp"

namespace ssi::slurm {
namespace fs = std::filesystem;
namespace {

bool ended(JobState s) { return s == JobState::done || s == JobState::failed || s == JobState::cancelled; }

bool is_set(const std::atomic<bool>* flag) { return flag && flag->load(); }

// Every job that needs `failed`, directly or through others.
std::set<std::size_t> dependents_of(const std::vector<Job>& jobs, std::size_t failed) {
  std::set<std::size_t> found = {failed};
  for (std::size_t i = failed + 1; i < jobs.size(); ++i)
    for (std::size_t a : jobs[i].after)
      if (found.count(a)) {
        found.insert(i);
        break;
      }
  found.erase(failed);
  return found;
}

// Slurm forgets ended jobs after a while and sacct may be missing: a job gone for this many
// polls in a row is taken as failed rather than waited for forever.
constexpr int kPollsBeforeLost = 30;

std::string failure_report(const std::vector<Job>& jobs, const GraphRun& run, const SubmitOptions& options,
                           const std::vector<std::size_t>& failed, const std::set<std::size_t>& cancelled,
                           const std::set<std::size_t>& lost, const std::map<std::size_t, std::string>& reasons) {
  std::string text;
  for (std::size_t i : failed) {
    const fs::path output = job_output(options, jobs[i].name, run.ids[i]);
    append_line(text, jobs[i].name + ": Slurm job " + run.ids[i] +
                          (lost.count(i) ? " is no longer known to Slurm" : " failed") +
                          (reasons.count(i) ? ", Slurm says " + reasons.at(i) : "") + " (output: " + output.string() + ")");
    if (!fs::exists(output))
      append_line(text, "  its output was not written: is " + options.folder.string() +
                            " on a file system every node shares, and the program there too?");
    else
      append_line(text, log_tail(output, 12));  // the job's own error, with its log's tail
    if (!jobs[i].log.empty() && fs::exists(jobs[i].log)) append_line(text, "  whole log: " + jobs[i].log.string());
  }
  if (!cancelled.empty()) {
    std::string names;
    for (std::size_t i : cancelled) names += (names.empty() ? "" : ", ") + jobs[i].name + " (job " + run.ids[i] + ")";
    append_line(text, "cancelled, as they needed a failed job: " + names);
  }
  return text;
}

}  // namespace

Expected<GraphRun> submit_jobs(const std::vector<Job>& jobs, const SubmitOptions& options,
                               const std::atomic<bool>* interrupted) {
  GraphRun run;
  for (const Job& job : jobs) {
    std::vector<std::string> after;
    for (std::size_t a : job.after) after.push_back(run.ids.at(a));
    auto id = is_set(interrupted) ? Expected<std::string>(step_failed("interrupted while submitting"))
                                  : submit(job, after, options);
    if (!id) {
      cancel(run.ids, options.folder);
      std::string message = id.error().message;
      if (!run.ids.empty()) message += "\n  cancelled the " + std::to_string(run.ids.size()) + " jobs already submitted";
      return Error{id.error().code, message};
    }
    run.ids.push_back(*id);
    run.states.push_back(JobState::queued);
  }
  return run;
}

Expected<GraphRun> follow_jobs(const std::vector<Job>& jobs, GraphRun run, const SubmitOptions& options,
                               const FollowOptions& follow) {
  std::vector<bool> reported(jobs.size(), false);
  std::vector<int> missing_polls(jobs.size(), 0);
  std::vector<std::size_t> failed;
  std::set<std::size_t> lost, cancelled_dependents;
  std::map<std::size_t, std::string> reasons;  // Slurm's reason for a failed job
  auto change = [&](std::size_t i, JobState s) {
    if (run.states[i] == s && reported[i]) return;
    run.states[i] = s;
    reported[i] = true;
    if (follow.progress) follow.progress(i, s);
  };
  for (std::size_t i = 0; i < jobs.size(); ++i) change(i, JobState::queued);
  for (;;) {
    std::vector<std::string> open;
    for (std::size_t i = 0; i < jobs.size(); ++i)
      if (!ended(run.states[i])) open.push_back(run.ids[i]);
    if (open.empty()) break;
    if (is_set(follow.interrupted)) {
      cancel(open, options.folder);
      std::string names;
      for (std::size_t i = 0; i < jobs.size(); ++i)
        if (!ended(run.states[i])) names += (names.empty() ? "" : ", ") + jobs[i].name + " (job " + run.ids[i] + ")";
      return step_failed("interrupted: cancelled " + names);
    }
    auto states = job_states(open, options.folder);
    if (!states) {  // squeue is gone: nobody would follow what is left
      cancel(open, options.folder);
      return Error{states.error().code, states.error().message + "\n  cancelled the jobs that had not ended"};
    }
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (ended(run.states[i])) continue;
      const auto it = states->find(run.ids[i]);
      if (it == states->end()) {
        if (++missing_polls[i] < kPollsBeforeLost) continue;
        lost.insert(i);
        change(i, JobState::failed);
      } else {
        missing_polls[i] = 0;
        change(i, it->second.state);
      }
      if (run.states[i] == JobState::failed) {
        failed.push_back(i);
        std::vector<std::string> doomed;
        // The exit status is in the job's output; other reasons (a time limit, memory) are not.
        if (it != states->end() && !it->second.reason.empty() && it->second.reason != "NonZeroExitCode")
          reasons[i] = it->second.reason;
        if (reasons.count(i) && reasons[i].find("held") != std::string::npos)
          doomed.push_back(run.ids[i]);  // held after a failed launch: it must not stay queued
        for (std::size_t d : dependents_of(jobs, i))
          if (!ended(run.states[d]) && cancelled_dependents.insert(d).second) doomed.push_back(run.ids[d]);
        cancel(doomed, options.folder);
      } else if (run.states[i] == JobState::cancelled && !cancelled_dependents.count(i)) {
        // Slurm itself cancels the dependents of a failed job (--kill-on-invalid-dep); anything
        // else cancelled it from outside, and its work is not done.
        const bool doomed = std::any_of(failed.begin(), failed.end(),
                                        [&](std::size_t f) { return dependents_of(jobs, f).count(i) > 0; });
        if (doomed) cancelled_dependents.insert(i);
        else failed.push_back(i);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(follow.poll_milliseconds));
  }
  if (failed.empty()) return run;
  return step_failed(failure_report(jobs, run, options, failed, cancelled_dependents, lost, reasons));
}

}  // namespace ssi::slurm
