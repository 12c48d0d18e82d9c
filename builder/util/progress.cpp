#include "util/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace ssi {

Progress::Progress(std::string label, std::size_t total, ShowProgress show)
    : label_(std::move(label)),
      total_(total),
      enabled_(show == ShowProgress::yes && total > 0 && ::isatty(STDERR_FILENO)) {}

Progress::~Progress() {
  if (enabled_) std::fprintf(stderr, "\r\033[K");
}

void Progress::advance() {
  const std::size_t done = ++done_;
  if (!enabled_) return;
  // Redraw about a hundred times in all: more is noise on a slow terminal.
  const std::size_t step = total_ / 100 + 1;
  if (done % step != 0 && done != total_) return;
  std::lock_guard lock(print_mutex_);
  constexpr std::size_t width = 30;
  const std::size_t filled = done * width / total_;
  const std::string bar = std::string(filled, '#') + std::string(width - filled, '.');
  std::fprintf(stderr, "\r%s [%s] %zu/%zu", label_.c_str(), bar.c_str(), done, total_);
  std::fflush(stderr);
}

}  // namespace ssi
