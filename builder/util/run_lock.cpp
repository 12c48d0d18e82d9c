#include "util/run_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>

namespace ssi {
namespace fs = std::filesystem;

struct RunLock::Held {
  int fd = -1;
  std::optional<pid_t> taken_over_from;
  ~Held() {
    if (fd < 0) return;
    // An empty file is a lock released in order; a pid left in it marks a run that was killed.
    if (::ftruncate(fd, 0) != 0) {
    }
    ::close(fd);  // closing drops the record lock
  }
};

namespace {

std::mutex registry_mutex;
std::map<std::string, std::weak_ptr<RunLock::Held>>& registry() {
  static std::map<std::string, std::weak_ptr<RunLock::Held>> held;
  return held;
}

flock whole_file(short type) {
  flock l{};
  l.l_type = type;
  l.l_whence = SEEK_SET;
  return l;
}

std::optional<pid_t> recorded_pid(int fd) {
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return std::nullopt;
  const long pid = std::strtol(text, nullptr, 10);
  if (pid <= 0) return std::nullopt;
  return static_cast<pid_t>(pid);
}

}  // namespace

bool process_alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

Expected<RunLock> RunLock::acquire(const fs::path& lock_file, const std::string& what) {
  std::error_code ec;
  const std::string key = fs::weakly_canonical(fs::absolute(lock_file), ec).string();
  std::lock_guard guard(registry_mutex);
  if (auto held = registry()[key].lock()) return RunLock(held);

  fs::create_directories(lock_file.parent_path(), ec);
  auto held = std::make_shared<Held>();
  held->fd = ::open(lock_file.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (held->fd < 0)
    return step_failed(lock_file.string() + ": cannot open the lock on " + what + ": " + std::strerror(errno));
  flock l = whole_file(F_WRLCK);
  if (::fcntl(held->fd, F_SETLK, &l) != 0) {
    flock holder = whole_file(F_WRLCK);
    const bool known = ::fcntl(held->fd, F_GETLK, &holder) == 0 && holder.l_type != F_UNLCK;
    std::cerr << "ssi-oscar: waiting for " << what << ", held by "
              << (known ? "pid " + std::to_string(holder.l_pid) : std::string("another run")) << " (" << lock_file.string()
              << ")" << std::endl;
    l = whole_file(F_WRLCK);
    while (::fcntl(held->fd, F_SETLKW, &l) != 0)
      if (errno != EINTR) return step_failed(lock_file.string() + ": cannot lock " + what + ": " + std::strerror(errno));
  }
  if (auto left = recorded_pid(held->fd); left && *left != ::getpid()) {
    held->taken_over_from = left;
    std::cerr << "ssi-oscar: taking over the lock on " << what << " from pid " << *left
              << ", which ended without releasing it" << std::endl;
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(held->fd, 0) != 0 || ::pwrite(held->fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
    return step_failed(lock_file.string() + ": cannot write the lock on " + what + ": " + std::strerror(errno));
  registry()[key] = held;
  return RunLock(std::move(held));
}

std::optional<pid_t> RunLock::taken_over_from() const { return held_->taken_over_from; }

}  // namespace ssi
