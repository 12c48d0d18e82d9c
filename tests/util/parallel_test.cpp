#include "util/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace ssi {
namespace {

TEST(ParallelFor, EveryIndexRunsOnce) {
  std::vector<std::atomic<int>> runs(1000);
  parallel_for(runs.size(), 4, [&](std::size_t i) { ++runs[i]; });
  for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runs[i], 1) << i;
}

// Thrown on a worker thread or on the caller's, the exception reaches the caller (it used to end
// the program), and the indexes not yet started are not started.
TEST(ParallelFor, AnExceptionReachesTheCallerAndStopsTheRest) {
  for (const std::size_t failing : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
    std::atomic<std::size_t> started{0};
    EXPECT_THROW(parallel_for(100000, 3,
                              [&](std::size_t i) {
                                ++started;
                                if (i == failing) throw std::runtime_error("out of memory");
                              }),
                 std::runtime_error);
    EXPECT_LT(started, 100000u) << failing;
  }
}

}  // namespace
}  // namespace ssi
