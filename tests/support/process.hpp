#pragma once
// Runs a shell command and returns its exit status and combined output.
#include <filesystem>
#include <string>
#include <vector>

#include "util/subprocess.hpp"

namespace ssi::test {

struct RunResult {
  int status = -1;  // exit status, or -1 when the command did not exit normally
  std::string output;
};

RunResult run(const std::string& command);
std::string quote(const std::string& word);  // for /bin/sh
// Runs the ssi-oscar binary under test with the given arguments (already quoted).
RunResult run_cli(const std::string& arguments, const std::string& environment = "");

// Starts the binary under test in the background, its output going to `log`.
// `environment`: NAME=VALUE words put before the binary.
RunningProcess start_cli(const std::string& arguments, const std::filesystem::path& log,
                         const std::string& environment = "");
// Runs the binary once per argument string, all at the same time, and waits for every run.
std::vector<RunResult> run_cli_together(const std::vector<std::string>& argument_lists);

}  // namespace ssi::test
