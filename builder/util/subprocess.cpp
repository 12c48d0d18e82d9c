#include "util/subprocess.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <deque>
#include <sstream>
#include <thread>

#include "util/fs.hpp"

extern char** environ;

namespace ssi {
namespace fs = std::filesystem;

namespace {

// Starts `argv` with stdin from /dev/null and stdout and stderr to `log`.
Expected<pid_t> spawn(const std::vector<std::string>& argv, const fs::path& log, const std::vector<std::string>& env) {
  std::vector<std::string> environment;
  for (char** e = environ; *e; ++e) environment.emplace_back(*e);
  environment.insert(environment.end(), env.begin(), env.end());
  std::vector<char*> args, envp;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return step_failed(argv[0] + ": cannot be started: " + std::strerror(rc));

  return pid;
}

}  // namespace

bool program_available(const std::string& program) {
  if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
  return false;
}

Expected<ProcessResult> run_process(const std::vector<std::string>& argv, const fs::path& log,
                                    std::optional<std::chrono::milliseconds> limit, const std::vector<std::string>& env,
                                    bool (*until)(const fs::path&, const void*), const void* context) {
  if (argv.empty()) return step_failed("run_process: no program");
  if (!program_available(argv[0])) return step_failed(argv[0] + ": not installed (not found on PATH)");
  auto spawned = spawn(argv, log, env);
  if (!spawned) return spawned.error();
  const pid_t pid = *spawned;
  const auto start = std::chrono::steady_clock::now();
  ProcessResult result;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return result;
    }
    const bool satisfied = until && until(log, context);
    const bool expired = limit && std::chrono::steady_clock::now() - start > *limit;
    if (satisfied || expired) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      result.exit_code = satisfied ? 0 : -1;
      result.timed_out = !satisfied;
      return result;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Expected<RunningProcess> RunningProcess::start(const std::vector<std::string>& argv, const fs::path& log) {
  if (argv.empty()) return step_failed("RunningProcess: no program");
  if (!program_available(argv[0])) return step_failed(argv[0] + ": not installed (not found on PATH)");
  auto pid = spawn(argv, log, {});
  if (!pid) return pid.error();
  return RunningProcess(*pid);
}

bool RunningProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) pid_ = -1;
  return pid_ > 0;
}

void RunningProcess::signal(int number) {
  if (pid_ > 0) ::kill(pid_, number);
}

int RunningProcess::wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void RunningProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string log_tail(const fs::path& log, std::size_t lines) {
  auto text = read_file(log);
  if (!text) return "  (no log)";
  std::deque<std::string> last;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // serial consoles end lines with CR LF
    last.push_back(line);
    if (last.size() > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += (out.empty() ? "  " : "\n  ") + l;
  return out;
}

}  // namespace ssi
