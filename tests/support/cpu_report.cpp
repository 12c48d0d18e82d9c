// Each test process ends by printing the processor time it used, its waited-for children
// included (the tool, make, qemu): ctest keeps the line in Testing/Temporary/LastTest.log, and
// the suite's length on two cores is set by those seconds more than by any test's wall time
// (docs/testing.md sums them per test).
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdio>

namespace {

double seconds(const rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

class CpuReport : public ::testing::Environment {
 public:
  void TearDown() override {
    rusage self{}, children{};
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    std::printf("cpu seconds (user + system): test process %.1f, its children %.1f\n", seconds(self),
                seconds(children));
  }
};

[[maybe_unused]] const auto* const registered = ::testing::AddGlobalTestEnvironment(new CpuReport);

}  // namespace
