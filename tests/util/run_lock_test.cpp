// The lock between runs: a second process waits and names the holder; a killed holder's lock is
// taken over and that is said; one process sharing its own lock does not wait for itself.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "util/fs.hpp"
#include "util/run_lock.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using namespace std::string_literals;

// A child process that takes the lock, touches `ready`, then holds it for `hold` and exits in
// order, or kills itself with the lock in hand.
pid_t holder(const fs::path& lock, const fs::path& ready, std::chrono::milliseconds hold, bool killed) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  {
    auto held = RunLock::acquire(lock, "the thing");
    if (!held) ::_exit(1);
    if (!write_file_atomic(ready, "")) ::_exit(1);
    std::this_thread::sleep_for(hold);
    if (killed) ::kill(::getpid(), SIGKILL);
  }
  ::_exit(0);
}

void wait_for(const fs::path& file) {
  for (int i = 0; i < 500 && !fs::exists(file); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(fs::exists(file));
}

TEST(RunLock, ASecondProcessWaitsAndSaysWhoHoldsItOnce) {
  TempDir dir;
  const pid_t child = holder(dir.path() / "lock", dir.path() / "ready", std::chrono::milliseconds(700), false);
  wait_for(dir.path() / "ready");
  ::testing::internal::CaptureStderr();
  const auto start = std::chrono::steady_clock::now();
  auto lock = RunLock::acquire(dir.path() / "lock", "the thing");
  const auto waited = std::chrono::steady_clock::now() - start;
  const std::string said = ::testing::internal::GetCapturedStderr();
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(lock) << lock.error().message;
  EXPECT_THAT(said, HasSubstr("waiting for the thing, held by pid " + std::to_string(child)));
  EXPECT_EQ(said.find("waiting", said.find("waiting") + 1), std::string::npos);  // said once
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  EXPECT_FALSE(lock->taken_over_from());  // released in order
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(RunLock, AKilledHoldersLockIsTakenOverAndSaidSo) {
  TempDir dir;
  const pid_t child = holder(dir.path() / "lock", dir.path() / "ready", std::chrono::milliseconds(0), true);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ::testing::internal::CaptureStderr();
  auto lock = RunLock::acquire(dir.path() / "lock", "the thing");
  const std::string said = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(lock) << lock.error().message;
  EXPECT_EQ(lock->taken_over_from(), child);
  EXPECT_THAT(said, HasSubstr("taking over the lock on the thing from pid " + std::to_string(child) +
                              ", which ended without releasing it"));
  EXPECT_THAT(said, ::testing::Not(HasSubstr("waiting")));
}

TEST(RunLock, OneProcessSharesItsOwnLockAndReleasesItWithTheLastHolder) {
  TempDir dir;
  {
    auto outer = RunLock::acquire(dir.path() / "lock", "the thing");
    auto inner = RunLock::acquire(dir.path() / "sub" / ".." / "lock", "the thing");
    ASSERT_TRUE(outer && inner);
    EXPECT_EQ(read_file(dir.path() / "lock").value(), std::to_string(::getpid()) + "\n");
  }
  EXPECT_EQ(read_file(dir.path() / "lock").value(), "");  // released in order: no pid left behind
}

TEST(RunLock, ALockThatCannotBeCreatedIsAnErrorNamingIt) {
  auto lock = RunLock::acquire("/proc/no-such-lock", "the thing");
  ASSERT_FALSE(lock);
  EXPECT_THAT(lock.error().message, HasSubstr("/proc/no-such-lock: cannot open the lock on the thing"));
}

TEST(StaleTemporaries, OnlyThoseOfEndedRunsAreRemoved) {
  TempDir dir;
  const pid_t ended = [] {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    ::waitpid(pid, nullptr, 0);
    return pid;
  }();
  const std::string gone = std::to_string(ended), alive = std::to_string(::getpid());
  for (const std::string& name : {"out.staging." + gone, "x.rpm.tmp." + gone, "out.staging." + alive, "keep.staging"s, "x.rpm"s})
    ASSERT_TRUE(ensure_directory(dir.path() / name));
  const auto removed = remove_stale_temporaries(dir.path());
  EXPECT_EQ(removed.size(), 2u);
  EXPECT_FALSE(fs::exists(dir.path() / ("out.staging." + std::to_string(ended))));
  EXPECT_TRUE(fs::exists(dir.path() / ("out.staging." + std::to_string(::getpid()))));
  EXPECT_TRUE(fs::exists(dir.path() / "keep.staging"));
  EXPECT_TRUE(fs::exists(dir.path() / "x.rpm"));
}

TEST(ReplaceDirectory, SwapsInOneStepAndLeavesNoOldFolder) {
  TempDir dir;
  ASSERT_TRUE(write_file_with_parents(dir.path() / "out" / "a", "old"));
  ASSERT_TRUE(write_file_with_parents(dir.path() / "new" / "a", "new"));
  ASSERT_TRUE(replace_directory(dir.path() / "new", dir.path() / "out"));
  EXPECT_EQ(read_file(dir.path() / "out" / "a").value(), "new");
  EXPECT_FALSE(fs::exists(dir.path() / "new"));
  ASSERT_TRUE(write_file_with_parents(dir.path() / "first" / "a", "first"));
  ASSERT_TRUE(replace_directory(dir.path() / "first", dir.path() / "fresh"));  // nothing to replace
  EXPECT_EQ(read_file(dir.path() / "fresh" / "a").value(), "first");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 2);
}

}  // namespace
}  // namespace ssi
