#pragma once
// Runs a shell command and returns its exit status and combined output.
#include <string>

namespace ssi::test {

struct RunResult {
  int status = -1;  // exit status, or -1 when the command did not exit normally
  std::string output;
};

RunResult run(const std::string& command);
std::string quote(const std::string& word);  // for /bin/sh
// Runs the ssi-oscar binary under test with the given arguments (already quoted).
RunResult run_cli(const std::string& arguments);

}  // namespace ssi::test
