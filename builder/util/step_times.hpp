#pragma once
// The wall time of a run's steps, kept with its logs (as ninja keeps .ninja_log): where a
// build's time went, without a profiler.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace ssi {

class StepTimes {
 public:
  // Ends the step running (if any) and starts `step`.
  void start(std::string step);
  // One "SECONDS STEP" line per finished step, and the total; ends the step running.
  std::string finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::vector<std::pair<std::string, double>> done_;
  std::string running_;
  Clock::time_point since_ = Clock::now();
  Clock::time_point first_ = since_;
};

}  // namespace ssi
