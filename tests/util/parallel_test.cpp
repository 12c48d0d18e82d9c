#include "util/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ssi {
namespace {

TEST(ParallelFor, EveryIndexRunsOnce) {
  std::vector<std::atomic<int>> runs(1000);
  parallel_for(runs.size(), 4, [&](std::size_t i) { ++runs[i]; });
  for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runs[i], 1) << i;
}

// Thrown on a worker thread or on the caller's, the exception reaches the caller (it used to end
// the program), and the indexes not yet started are not started. Each call takes a while, so
// running all of them would take seconds where stopping takes a few calls.
TEST(ParallelFor, AnExceptionReachesTheCallerAndStopsTheRest) {
  const auto caller = std::this_thread::get_id();
  for (const bool on_caller : {true, false}) {
    constexpr std::size_t kCount = 20000;
    std::atomic<std::size_t> started{0};
    EXPECT_THROW(parallel_for(kCount, 3,
                              [&](std::size_t i) {
                                ++started;
                                if (i >= 5 && (std::this_thread::get_id() == caller) == on_caller)
                                  throw std::runtime_error("out of memory");
                                std::this_thread::sleep_for(std::chrono::microseconds(200));
                              }),
                 std::runtime_error)
        << (on_caller ? "thrown on the caller's thread" : "thrown on a worker thread");
    EXPECT_LT(started, kCount / 2) << (on_caller ? "thrown on the caller's thread" : "thrown on a worker thread");
  }
}

}  // namespace
}  // namespace ssi
