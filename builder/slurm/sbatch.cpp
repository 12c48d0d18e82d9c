#include "slurm/sbatch.hpp"

#include <sstream>

#include "util/fs.hpp"
#include "util/subprocess.hpp"
#include "util/text.hpp"

namespace ssi::slurm {
namespace fs = std::filesystem;
namespace {

// Runs a Slurm client command; its output (stdout and stderr) in the run's folder.
Expected<std::string> client(const std::vector<std::string>& argv, const fs::path& folder, bool* succeeded) {
  const fs::path output = folder / (argv[0] + ".out");
  auto result = run_process(argv, output);
  if (!result) return result.error();
  auto text = read_file(output);
  *succeeded = result->exit_code == 0;
  return text ? *text : "";
}

JobState state_of(const std::string& slurm_state) {
  if (slurm_state == "COMPLETED") return JobState::done;
  if (slurm_state == "RUNNING" || slurm_state == "COMPLETING" || slurm_state == "STAGE_OUT" ||
      slurm_state == "SIGNALING")
    return JobState::running;
  if (slurm_state.rfind("CANCELLED", 0) == 0) return JobState::cancelled;  // sacct: "CANCELLED by 0"
  if (slurm_state == "PENDING" || slurm_state == "CONFIGURING" || slurm_state == "REQUEUED" ||
      slurm_state == "RESIZING" || slurm_state == "SUSPENDED" || slurm_state == "REQUEUE_HOLD")
    return JobState::queued;
  return JobState::failed;  // FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, BOOT_FAIL, DEADLINE, PREEMPTED
}

// "ID|STATE|REASON" lines (squeue) or "ID|STATE" lines (sacct).
void read_states(const std::string& text, std::map<std::string, JobStatus>& states) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    std::istringstream parts(line);
    for (std::string f; std::getline(parts, f, '|');) fields.push_back(f);
    if (fields.size() < 2 || !parse_number(fields[0]) || fields[1].empty()) continue;
    JobStatus status{state_of(fields[1]), fields.size() > 2 ? fields[2] : ""};
    if (status.reason == "None" || status.reason == "(null)") status.reason.clear();
    if (status.state == JobState::queued && status.reason.find("held") != std::string::npos)
      status.state = JobState::failed;  // "launch failed requeued held"
    states[fields[0]] = status;
  }
}

}  // namespace

const char* state_name(JobState state) {
  switch (state) {
    case JobState::queued: return "queued";
    case JobState::running: return "running";
    case JobState::done: return "done";
    case JobState::failed: return "failed";
    case JobState::cancelled: return "cancelled";
  }
  return "?";
}

fs::path job_output(const SubmitOptions& options, const std::string& name, const std::string& id) {
  return options.folder / (name + "-" + id + ".out");
}

Expected<std::string> submit(const Job& job, const std::vector<std::string>& after_ids, const SubmitOptions& options) {
  const fs::path script = options.folder / (job.name + ".sbatch");
  if (auto ok = write_file_atomic(script, "#!/bin/sh\n# " + job.name + ": one job of an ssi-oscar --slurm run\nexec " +
                                              shell_command(job.command) + "\n");
      !ok)
    return ok.error();
  std::vector<std::string> argv = {"sbatch", "--parsable", "--job-name=" + job.name,
                                   "--output=" + (options.folder / (job.name + "-%j.out")).string(),
                                   "--chdir=" + options.folder.string(), "--nodes=1", "--ntasks=1",
                                   // dependents of a failed job end at once, even when nobody waits
                                   "--kill-on-invalid-dep=yes"};
  if (job.resources.cpus) argv.push_back("--cpus-per-task=" + std::to_string(*job.resources.cpus));
  if (job.resources.memory_mib) argv.push_back("--mem=" + std::to_string(*job.resources.memory_mib) + "M");
  if (job.resources.time_minutes) argv.push_back("--time=" + std::to_string(*job.resources.time_minutes));
  if (!after_ids.empty()) argv.push_back("--dependency=afterok:" + join(after_ids, ":"));
  if (!options.partition.empty()) argv.push_back("--partition=" + options.partition);
  if (!options.account.empty()) argv.push_back("--account=" + options.account);
  argv.insert(argv.end(), options.extra.begin(), options.extra.end());
  argv.push_back(script.string());
  bool ok = false;
  auto output = client(argv, options.folder, &ok);
  if (!output) return output.error();
  // --parsable prints "JOBID" or "JOBID;CLUSTER" as its last line; warnings may come before.
  std::string last;
  std::istringstream lines(*output);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) last = line;
  const std::string id = last.substr(0, last.find(';'));
  if (!ok || !parse_number(id))
    return step_failed(job.name + ": sbatch refused the job: " + (last.empty() ? "no output" : last));
  return id;
}

Expected<std::map<std::string, JobStatus>> job_states(const std::vector<std::string>& ids, const fs::path& folder) {
  std::map<std::string, JobStatus> states;
  if (ids.empty()) return states;
  bool ok = false;
  auto listed = client({"squeue", "--noheader", "--states=all", "--jobs=" + join(ids, ","), "--format=%i|%T|%r"}, folder, &ok);
  if (!listed) return listed.error();
  read_states(*listed, states);
  if (states.size() == ids.size()) return states;
  // Jobs the controller has forgotten (MinJobAge): the accounting database may know them.
  std::vector<std::string> missing;
  for (const auto& id : ids)
    if (!states.count(id)) missing.push_back(id);
  auto accounted = client({"sacct", "--noheader", "--parsable2", "--allocations", "--format=JobID,State",
                           "--jobs=" + join(missing, ",")},
                          folder, &ok);
  if (accounted && ok) read_states(*accounted, states);
  return states;
}

void cancel(const std::vector<std::string>& ids, const fs::path& folder) {
  if (ids.empty()) return;
  std::vector<std::string> argv = {"scancel"};
  argv.insert(argv.end(), ids.begin(), ids.end());
  bool ok = false;
  (void)client(argv, folder, &ok);
}

}  // namespace ssi::slurm
