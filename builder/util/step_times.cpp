#include "util/step_times.hpp"

#include <cstdio>

namespace ssi {

void StepTimes::start(std::string step) {
  const auto now = Clock::now();
  if (!running_.empty()) done_.emplace_back(running_, std::chrono::duration<double>(now - since_).count());
  running_ = std::move(step);
  since_ = now;
}

std::string StepTimes::finish() {
  start("");
  std::string text;
  char line[64];
  for (const auto& [step, seconds] : done_) {
    std::snprintf(line, sizeof line, "%8.2f ", seconds);
    text += line + step + "\n";
  }
  std::snprintf(line, sizeof line, "%8.2f ", std::chrono::duration<double>(since_ - first_).count());
  return text + line + "total\n";
}

}  // namespace ssi
