#include "cli/slurm_run.hpp"

#include <unistd.h>

#include <chrono>
#include <iostream>

#include "cli/interrupts.hpp"
#include "util/error.hpp"

namespace ssi::cli {
namespace fs = std::filesystem;

void add_slurm_options(CLI::App* command, SlurmArgs& args) {
  command->add_flag("--slurm", args.enabled, "Run the work as Slurm jobs (one per item) on the shared output folder");
  command->add_flag("--no-wait", args.no_wait, "With --slurm: print the job ids and return instead of following them");
  command->add_option("--partition", args.partition, "With --slurm: the Slurm partition of the jobs");
  command->add_option("--account", args.account, "With --slurm: the Slurm account charged");
  command->add_option("--sbatch", args.sbatch, "With --slurm: one more sbatch option, as --sbatch=--qos=high; repeatable")
      ->allow_extra_args(false);
  command->add_option("--scheduled-job", args.scheduled_job)->group("");  // how a run's jobs call back
}

std::string own_executable() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "ssi-oscar" : self.string();
}

void check_scheduled_job(const SlurmArgs& args) {
  if (args.enabled && !args.scheduled_job.empty()) throw Failure{Error{ExitCode::usage, "--slurm and --scheduled-job exclude each other"}};
  if (!args.scheduled_job.empty()) value_or_throw(slurm::check_run_folder(args.scheduled_job));
}

void add_index_job(slurm::PlannedJobs& planned, const fs::path& repo) {
  slurm::Job index{"index-repository", {own_executable(), "repo", "index", fs::absolute(repo).string()}, {1, 1024, 60}, {}, {}};
  for (std::size_t i = 0; i < planned.jobs.size(); ++i) index.after.push_back(i);
  planned.jobs.push_back(std::move(index));
}

slurm::GraphRun run_jobs(const slurm::PlannedJobs& planned, const SlurmArgs& args, const fs::path& folder,
                         const std::function<void()>& on_failure) {
  slurm::SubmitOptions submit{folder, args.partition, args.account, args.sbatch};
  const auto& interrupted = catch_interrupts();
  auto run = value_or_throw(slurm::submit_jobs(planned.jobs, submit, &interrupted));
  const auto& jobs = planned.jobs;
  if (args.no_wait) {
    std::string ids;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      std::cout << "submitted " << jobs[i].name << ": Slurm job " << run.ids[i] << "\n";
      ids += (ids.empty() ? "" : ",") + run.ids[i];
    }
    std::cout << "follow them with: squeue --jobs=" << ids << " --states=all\n"
              << "job scripts and outputs: " << folder.string() << "\n";
    return run;
  }
  const auto start = std::chrono::steady_clock::now();
  slurm::FollowOptions follow;
  follow.interrupted = &interrupted;
  follow.progress = [&](std::size_t i, slurm::JobState state) {
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "[" << s << " s] slurm job " << run.ids[i] << " " << jobs[i].name << ": " << slurm::state_name(state)
              << std::endl;
  };
  auto followed = slurm::follow_jobs(jobs, run, submit, follow);
  if (!followed) {
    if (on_failure) on_failure();
    throw Failure{followed.error()};
  }
  return *followed;
}

}  // namespace ssi::cli
