#pragma once
// A real one-node Slurm (munged, slurmctld, slurmd from Debian's packages) for one test, started
// by scripts/local-slurm in its own folder and stopped when the test ends.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ssi::test {

class LocalSlurm {
 public:
  // Started, or nullopt with the reason when Slurm cannot run here at all (not root, not
  // installed); under CI (CI=true) those throw instead: the tests must run there.
  static std::optional<LocalSlurm> start(const std::filesystem::path& dir, std::string& why);
  LocalSlurm(LocalSlurm&& other) noexcept : dir_(std::move(other.dir_)) { other.dir_.clear(); }
  LocalSlurm& operator=(LocalSlurm&& other) noexcept {
    std::swap(dir_, other.dir_);
    return *this;
  }
  ~LocalSlurm();

  // NAME=VALUE words for run_cli: SLURM_CONF pointing at this Slurm.
  std::string environment() const;
  // What the controller recorded: each finished job's name and state (jobcomp/filetxt), and each
  // dependency it saw fulfilled (its log): job id -> the job ids it waited for.
  std::vector<std::map<std::string, std::string>> finished_jobs() const;  // JobId, Name, JobState, Tres, TimeLimit…
  std::map<std::string, std::string> job_states() const;  // "NAME" -> "COMPLETED", last job of that name
  std::map<std::string, std::string> job_names() const;   // job id -> name
  std::map<std::string, std::vector<std::string>> fulfilled_dependencies() const;
  // Runs a Slurm client command against this Slurm; its output.
  std::string client(const std::string& command) const;

 private:
  explicit LocalSlurm(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};

// A test with its own scratch folder and its own Slurm in it; skipped, saying why, where Slurm
// cannot run at all.
class SlurmTest : public ::testing::Test {
 protected:
  std::filesystem::path work;
  std::optional<LocalSlurm> slurm;
  void SetUp() override;
};

}  // namespace ssi::test
