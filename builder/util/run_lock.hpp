#pragma once
// An exclusive lock between ssi-oscar runs on one repository, output folder or build tree.
// It is a POSIX record lock: the kernel drops it when its holder ends, however it ends, and a
// forked build child does not inherit it, so a lock never outlives its run. The holder's pid is
// also written into the file: a run that finds a pid there on taking the lock knows that run was
// killed with the lock in hand, and says so.
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "util/error.hpp"

namespace ssi {

class RunLock {
 public:
  // Waits until the lock is free, saying once on stderr what it waits for and who holds it.
  // `what` names the locked thing in those lines ("the repository repo/"). A lock this process
  // holds already is shared, so nested users of one repository do not wait for themselves.
  static Expected<RunLock> acquire(const std::filesystem::path& lock_file, const std::string& what);

  // The pid of a run that ended holding this lock, when this run took it over.
  std::optional<pid_t> taken_over_from() const;

  struct Held;

 private:
  explicit RunLock(std::shared_ptr<Held> held) : held_(std::move(held)) {}
  std::shared_ptr<Held> held_;
};

// True when `pid` names a running process (or one we may not signal: it exists).
bool process_alive(pid_t pid);

}  // namespace ssi
