#pragma once
// Kills a command at many points of its run and checks what it leaves (docs/reliability.md).
//
// The workspace is made once (`prepare`: the earlier finished outputs), copied, and the command
// run on the copy without interruption: that gives its duration and the reference outputs. Then,
// for each of `kills` points spread evenly over that duration, a fresh copy of the workspace (at
// the same path, so outputs that record paths compare), the command started and SIGKILLed at
// that point, and the checks:
//   - every watched output (a file, or a folder as a whole) is exactly as before the run or
//     exactly as the uninterrupted run made it: never missing, half-written or mixed;
//   - `after_kill` (e.g. the index reads with `repo query` and dnf);
//   - the next plain run exits 0 without any clean-up, gives the reference bytes, and leaves no
//     staging or temporary name in the workspace or in `also_clean`.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace ssi::test {

// The command runs hundreds of times: without the leak check at each exit (the other tests
// check leaks).
inline constexpr const char* kQuickSanitizers = "ASAN_OPTIONS=detect_leaks=0";

struct CrashCase {
  std::function<void(const std::filesystem::path& workspace)> prepare;
  std::string arguments;              // ssi-oscar's arguments; @WS@ stands for the workspace
  std::vector<std::string> watched;   // outputs relative to the workspace: files, or folders as a whole
  bool watch_rpms = false;            // also every .rpm file before or after the run, one by one
  std::string logs;                   // within watched folders, files under this prefix ("logs/") name the
                                      // run's private folders: compared by presence, not bytes
  std::function<std::vector<std::string>(const std::filesystem::path& workspace)> after_kill;  // problems
  // Other places the command writes temporaries: DIR/PREFIX checks the names in DIR starting
  // with PREFIX (other tests may use DIR at the same time).
  std::vector<std::filesystem::path> also_clean;
  int kills = 30;
};

struct CrashReport {
  double seconds = 0;               // the uninterrupted run
  int kills = 0, finished_first = 0;  // runs killed; runs that ended before their kill point
  std::vector<std::string> problems;  // "kill 7 at 1.20 s: ..."
};

CrashReport run_crash_case(const std::filesystem::path& base, const CrashCase& c);

}  // namespace ssi::test
