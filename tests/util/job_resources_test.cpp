// The sizes and time limits of a [resources] table, as a scheduler is given them.
#include "util/job_resources.hpp"

#include <gtest/gtest.h>

namespace ssi {
namespace {

TEST(JobResources, MemoryInMebibytes) {
  EXPECT_EQ(parse_memory_mib("512M"), 512u);
  EXPECT_EQ(parse_memory_mib("4G"), 4096u);
  EXPECT_EQ(parse_memory_mib("4g"), 4096u);
  EXPECT_EQ(parse_memory_mib("1T"), 1048576u);
  EXPECT_EQ(parse_memory_mib("1500K"), 2u);  // rounded up: a job never gets less than it asked
  EXPECT_EQ(parse_memory_mib("300"), 300u);
  for (const char* bad : {"", "G", "0", "-1G", "4 G", "4GB", "99999999999G"})
    EXPECT_FALSE(parse_memory_mib(bad)) << bad;
}

TEST(JobResources, TimeLimitsInMinutes) {
  EXPECT_EQ(parse_minutes("45"), 45u);
  EXPECT_EQ(parse_minutes("45m"), 45u);
  EXPECT_EQ(parse_minutes("2h"), 120u);
  EXPECT_EQ(parse_minutes("1h30m"), 90u);
  EXPECT_EQ(parse_minutes("1d2h"), 1560u);
  for (const char* bad : {"", "0", "h", "1x", "1h30", "soon", "-5m"}) EXPECT_FALSE(parse_minutes(bad)) << bad;
}

TEST(JobResources, UnsetFieldsComeFromTheDefaults) {
  const JobResources own{4, std::nullopt, 30};
  const auto merged = own.or_else({1, 2048, 120});
  EXPECT_EQ(merged.cpus, 4u);
  EXPECT_EQ(merged.memory_mib, 2048u);
  EXPECT_EQ(merged.time_minutes, 30u);
}

}  // namespace
}  // namespace ssi
