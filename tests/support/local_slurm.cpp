#include "support/local_slurm.hpp"

#include <unistd.h>

#include <regex>
#include <sstream>
#include <stdexcept>

#include "support/image_fixture.hpp"
#include "support/process.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi::test {
namespace fs = std::filesystem;
namespace {

const std::string kScript = std::string(SSI_OSCAR_SOURCE_DIR) + "/scripts/local-slurm";

// KEY=VALUE words of a jobcomp/filetxt line.
std::map<std::string, std::string> fields(const std::string& line) {
  std::map<std::string, std::string> out;
  std::istringstream words(line);
  for (std::string w; words >> w;)
    if (const auto eq = w.find('='); eq != std::string::npos) out[w.substr(0, eq)] = w.substr(eq + 1);
  return out;
}

}  // namespace

std::optional<LocalSlurm> LocalSlurm::start(const fs::path& dir, std::string& why) {
  if (::geteuid() != 0) why = "Slurm's daemons run jobs as their users: only root can start them here";
  else if (run("command -v slurmctld && command -v slurmd && command -v munged && command -v sbatch").status != 0)
    why = "slurmctld, slurmd, munge or slurm-client is not installed (scripts/install-deps installs them)";
  if (!why.empty()) {
    if (under_ci()) throw std::runtime_error(why);
    return std::nullopt;
  }
  fs::remove_all(dir);
  const auto started = run(quote(kScript) + " start " + quote(dir.string()));
  if (started.status != 0) throw std::runtime_error("scripts/local-slurm start failed:\n" + started.output);
  return LocalSlurm(dir);
}

void SlurmTest::SetUp() {
  work = scratch_dir();
  std::string why;
  slurm = LocalSlurm::start(work / "slurm", why);
  if (!slurm) GTEST_SKIP() << "no Slurm here: " << why;
}

LocalSlurm::~LocalSlurm() {
  if (!dir_.empty()) run(quote(kScript) + " stop " + quote(dir_.string()));
}

std::string LocalSlurm::environment() const { return "SLURM_CONF=" + quote((dir_ / "slurm.conf").string()); }

std::string LocalSlurm::client(const std::string& command) const {
  return run("env " + environment() + " " + command).output;
}

std::vector<std::map<std::string, std::string>> LocalSlurm::finished_jobs() const {
  std::vector<std::map<std::string, std::string>> jobs;
  std::istringstream lines(read_file(dir_ / "jobs.txt").value_or(""));
  for (std::string line; std::getline(lines, line);) jobs.push_back(fields(line));
  return jobs;
}

std::map<std::string, std::string> LocalSlurm::job_states() const {
  std::map<std::string, std::string> states;
  for (auto& job : finished_jobs()) states[job["Name"]] = job["JobState"];
  return states;
}

std::map<std::string, std::string> LocalSlurm::job_names() const {
  std::map<std::string, std::string> names;
  for (auto& job : finished_jobs()) names[job["JobId"]] = job["Name"];
  return names;
}

std::map<std::string, std::vector<std::string>> LocalSlurm::fulfilled_dependencies() const {
  std::map<std::string, std::vector<std::string>> needs;
  const std::regex fulfilled(R"(test_job_dependency: JobId=(\d+) dependency afterok:(\d+) fulfilled)");
  std::istringstream lines(read_file(dir_ / "slurmctld.log").value_or(""));
  for (std::string line; std::getline(lines, line);)
    if (std::smatch m; std::regex_search(line, m, fulfilled)) needs[m[1]].push_back(m[2]);
  return needs;
}

}  // namespace ssi::test
