#pragma once
// Runs a program (no shell) with its output going to a log file, optionally with a time limit.
// For the outside tools the library drives: mke2fs, qemu, post-image scripts.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi {

struct ProcessResult {
  int exit_code = -1;      // -1: killed by a signal or by the time limit
  bool timed_out = false;
};

// The program is looked up on PATH. `env` adds NAME=VALUE entries to the environment.
// `until` is polled while it runs: returning true stops the program (SIGKILL) as a success.
Expected<ProcessResult> run_process(const std::vector<std::string>& argv, const std::filesystem::path& log,
                                    std::optional<std::chrono::milliseconds> limit = std::nullopt,
                                    const std::vector<std::string>& env = {},
                                    bool (*until)(const std::filesystem::path& log, const void* context) = nullptr,
                                    const void* context = nullptr);

// A program started in the background (output to a log), stopped with SIGKILL and reaped when
// its owner goes out of scope.
class RunningProcess {
 public:
  static Expected<RunningProcess> start(const std::vector<std::string>& argv, const std::filesystem::path& log);
  RunningProcess(RunningProcess&& other) noexcept : pid_(other.pid_) { other.pid_ = -1; }
  RunningProcess& operator=(RunningProcess&&) = delete;
  RunningProcess(const RunningProcess&) = delete;
  ~RunningProcess() { stop(); }
  bool running();
  void stop();
  void signal(int number);
  int wait();  // the exit status, -1 when killed by a signal

 private:
  explicit RunningProcess(int pid) : pid_(pid) {}
  int pid_ = -1;
};

// True when `program` is an executable on PATH (or an executable path).
bool program_available(const std::string& program);

// The last `lines` lines of a text file, each indented by two spaces (for error messages).
std::string log_tail(const std::filesystem::path& log, std::size_t lines);

}  // namespace ssi
