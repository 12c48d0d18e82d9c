#pragma once
// A one-line progress bar on stderr, shown only when stderr is a terminal and enabled.
#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>

namespace ssi {

enum class ShowProgress { yes, no };

class Progress {
 public:
  Progress(std::string label, std::size_t total, ShowProgress show);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void advance();

 private:
  std::string label_;
  std::size_t total_;
  bool enabled_;
  std::atomic<std::size_t> done_{0};
  std::mutex print_mutex_;
};

}  // namespace ssi
