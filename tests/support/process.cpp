#include "support/process.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <stdexcept>

#include "util/fs.hpp"
#include "util/text.hpp"

namespace ssi::test {

RunResult run(const std::string& command) {
  RunResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  if (WIFEXITED(status)) result.status = WEXITSTATUS(status);
  return result;
}

std::string quote(const std::string& word) { return shell_quote(word); }

RunResult run_cli(const std::string& arguments, const std::string& environment) {
  return run((environment.empty() ? "" : "env " + environment + " ") + quote(SSI_OSCAR_BINARY) + " " + arguments);
}

RunningProcess start_cli(const std::string& arguments, const std::filesystem::path& log, const std::string& environment) {
  auto started = RunningProcess::start(
      {"sh", "-c", "exec " + (environment.empty() ? "" : "env " + environment + " ") + quote(SSI_OSCAR_BINARY) + " " + arguments},
      log);
  if (!started) throw std::runtime_error(started.error().message);
  return std::move(started).value();
}

std::vector<RunResult> run_cli_together(const std::vector<std::string>& argument_lists) {
  TempDir logs;
  std::vector<RunningProcess> runs;
  for (std::size_t i = 0; i < argument_lists.size(); ++i)
    runs.push_back(start_cli(argument_lists[i], logs.path() / std::to_string(i)));
  std::vector<RunResult> results;
  for (std::size_t i = 0; i < runs.size(); ++i)
    results.push_back({runs[i].wait(), read_file(logs.path() / std::to_string(i)).value_or("")});
  return results;
}

}  // namespace ssi::test
