// The installation-time figure's plot: one line per cluster through its points, each point
// titled with its figure; runs that never reached their peers leave no point. (The sweep itself
// netboots real clusters: the main job and docs/clusters.md.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "boot/boot_sweep.hpp"

namespace ssi::boot {
namespace {
using ::testing::HasSubstr;
using ::testing::Not;

SweepPoint point(const std::string& cluster, unsigned nodes, double peers) {
  SweepPoint p;
  p.cluster = cluster;
  p.image = cluster + "-compute";
  p.nodes = nodes;
  p.phases = {6, peers - 5, peers - 4, peers};
  return p;
}

TEST(SweepPlot, OneLinePerClusterThroughItsPoints) {
  const std::string svg = sweep_svg({point("oscar", 1, 59), point("oscar", 2, 88), point("ssi", 1, 37), point("ssi", 2, 41)});
  EXPECT_THAT(svg, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  size_t lines = 0;
  for (size_t at = svg.find("<polyline"); at != std::string::npos; at = svg.find("<polyline", at + 1)) ++lines;
  EXPECT_EQ(lines, 2u);
  EXPECT_THAT(svg, HasSubstr("<title>oscar (oscar-compute), 2 nodes: 88.0 s</title>"));
  EXPECT_THAT(svg, HasSubstr("<title>ssi (ssi-compute), 1 nodes: 37.0 s</title>"));
  EXPECT_THAT(svg, HasSubstr(">ssi (ssi-compute)</text>"));
}

TEST(SweepPlot, AFailedRunLeavesNoPointAndNamesAreEscaped) {
  SweepPoint failed = point("a<b", 2, 0);
  failed.phases.peers = -1;
  const std::string svg = sweep_svg({point("a<b", 1, 30), failed});
  EXPECT_THAT(svg, HasSubstr("a&lt;b (a&lt;b-compute), 1 nodes: 30.0 s"));
  EXPECT_THAT(svg, Not(HasSubstr(", 2 nodes:")));
  EXPECT_THAT(svg, Not(HasSubstr("a<b")));
}

}  // namespace
}  // namespace ssi::boot
