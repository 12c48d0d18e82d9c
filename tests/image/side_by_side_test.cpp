// The side-by-side table of `image diff --results`: rows from the images and from the cluster
// commands' JSON, in the images' columns; a document of neither kind names its file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "image/side_by_side.hpp"

namespace ssi::image {
namespace {
using ::testing::HasSubstr;

SideBySide two_images() { return SideBySide{"oscar-compute", "ssi-compute", {}, {}}; }

const SideBySide::Row* row(const SideBySide& t, const std::string& measure) {
  for (const auto& r : t.rows)
    if (r.measure == measure) return &r;
  return nullptr;
}

TEST(SideBySide, SweepPointsBecomeOneRowPerNodeCountInTheirImagesColumn) {
  SideBySide t = two_images();
  const auto sweep = nlohmann::json::parse(R"({"sweep": [
    {"cluster": "oscar", "image": "oscar-compute", "nodes": 1, "peers_reached": 59.4, "failure": ""},
    {"cluster": "ssi", "image": "ssi-compute", "nodes": 1, "peers_reached": 37.0, "failure": ""},
    {"cluster": "ssi", "image": "ssi-compute", "nodes": 2, "peers_reached": -1, "failure": "ssi2: no address"},
    {"cluster": "other", "image": "elsewhere", "nodes": 1, "peers_reached": 3, "failure": ""}]})");
  ASSERT_TRUE(add_cluster_results(t, sweep, "sweep.json"));
  ASSERT_EQ(t.rows.size(), 2u);  // the image in neither column adds nothing
  const auto* one = row(t, "netboot, 1 node (peers reached)");
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->a, "59 s");
  EXPECT_EQ(one->b, "37 s");
  const auto* two = row(t, "netboot, 2 nodes (peers reached)");
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(two->a, "-");
  EXPECT_EQ(two->b, "failed: ssi2: no address");
}

TEST(SideBySide, ATestRunCountsEachSuitesVerdictsForTheImageItsNodesRan) {
  SideBySide t = two_images();
  const auto run = nlohmann::json::parse(R"({"cluster": "ssi", "nodes": [{"name": "ssi1", "image": "ssi-compute"},
    {"name": "ssi2", "image": "ssi-compute"}], "tests": [
    {"suite": "kerrighed", "name": "cr01", "verdict": "pass"}, {"suite": "kerrighed", "name": "cr02", "verdict": "skip"},
    {"suite": "kerrighed", "name": "cr03", "verdict": "pass"}, {"suite": "kerrighed", "name": "cr04", "verdict": "fail"}]})");
  ASSERT_TRUE(add_cluster_results(t, run, "suite.json"));
  const auto* suite = row(t, "test suite kerrighed (2 nodes)");
  ASSERT_NE(suite, nullptr);
  EXPECT_EQ(suite->a, "-");
  EXPECT_EQ(suite->b, "2 pass, 1 fail, 1 skip");
  EXPECT_THAT(side_by_side_text(t), HasSubstr("2 pass, 1 fail, 1 skip"));
  EXPECT_THAT(side_by_side_html(t), HasSubstr("<td>test suite kerrighed (2 nodes)</td>"));
}

TEST(SideBySide, EachJobRunIsARowOfItsTimeWithItsMigrationsAndRanks) {
  SideBySide t = two_images();
  const auto oscar = nlohmann::json::parse(R"({"nodes": [{"name": "oscar1", "image": "oscar-compute"}], "tests": [], "jobs": [
    {"name": "bag", "nodes": 2, "measure": "makespan", "figures": {"cpu": "31.80", "makespan": "17.85", "migrations": "0"}},
    {"name": "pi", "nodes": 2, "measure": "compute", "figures": {"compute": "8.44", "wall": "11.9", "where": "oscar1,oscar2"}}]})");
  const auto ssi = nlohmann::json::parse(R"({"nodes": [{"name": "ssi1", "image": "ssi-compute"}], "tests": [], "jobs": [
    {"name": "bag", "nodes": 2, "measure": "makespan", "figures": {"cpu": "32.52", "makespan": "18.99", "migrations": "1"}}]})");
  ASSERT_TRUE(add_cluster_results(t, oscar, "oscar.json"));
  ASSERT_TRUE(add_cluster_results(t, ssi, "ssi.json"));
  const auto* bag = row(t, "job bag, 2 nodes (makespan)");
  ASSERT_NE(bag, nullptr);
  EXPECT_EQ(bag->a, "17.85 s, 0 migrations");
  EXPECT_EQ(bag->b, "18.99 s, 1 migration");
  const auto* pi = row(t, "job pi, 2 nodes (compute)");
  ASSERT_NE(pi, nullptr);
  EXPECT_EQ(pi->a, "8.44 s, ranks on oscar1,oscar2");
  EXPECT_EQ(pi->b, "-");

  const auto bad = add_cluster_results(t, nlohmann::json::parse(R"({"nodes": [{"image": "x"}], "tests": [], "jobs": [{"name": "bag"}]})"), "j.json");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("j.json: jobs: each job needs name, nodes and its figures"));
}

TEST(SideBySide, APlotIsInlinedUnderTheTableWithoutItsXmlDeclaration) {
  SideBySide t = two_images();
  t.figures.push_back("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><line/></svg>\n");
  const std::string html = side_by_side_html(t);
  EXPECT_THAT(html, HasSubstr("</table>\n<figure>\n<svg xmlns="));
  EXPECT_THAT(html, ::testing::Not(HasSubstr("<?xml")));
}

TEST(SideBySide, ADocumentOfNeitherKindIsRefusedByItsFileName) {
  SideBySide t = two_images();
  const auto refused = add_cluster_results(t, nlohmann::json::parse(R"({"cluster": "ssi", "passed": true})"), "boot.json");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ExitCode::bad_input);
  EXPECT_THAT(refused.error().message, HasSubstr("boot.json: neither `cluster sweep --json` nor `cluster test --json`"));
  const auto bad_point = add_cluster_results(t, nlohmann::json::parse(R"({"sweep": [{"nodes": 1}]})"), "sweep.json");
  ASSERT_FALSE(bad_point);
  EXPECT_THAT(bad_point.error().message, HasSubstr("sweep.json: sweep: each point needs image, nodes and peers_reached"));
  EXPECT_TRUE(t.rows.empty());
}

TEST(SideBySide, ASlimmedImageIsComparedWithItsWholeKernelPackageAndWithout) {
  Manifest oscar, ssi;
  oscar.name = "oscar-compute";
  oscar.installed_size = 600 * 1024 * 1024;
  oscar.kernel.slimmed = ModuleSlimming{{"e1000"}, 3, 4000, 0, 400 * 1024 * 1024};
  ssi.name = "ssi-compute";
  ssi.installed_size = 300 * 1024 * 1024;
  const SideBySide t = side_by_side(oscar, "/nonexistent/a", ssi, "/nonexistent/b");
  const auto* whole = row(t, "installed");
  const auto* shipped = row(t, "installed, unused kernel modules and unshipped packages left out");
  ASSERT_NE(whole, nullptr);
  ASSERT_NE(shipped, nullptr);
  EXPECT_EQ(whole->a, "600.0 MiB");
  EXPECT_EQ(shipped->a, "200.0 MiB");
  EXPECT_EQ(shipped->b, "300.0 MiB");
  EXPECT_EQ(row(side_by_side(ssi, "/nonexistent/b", ssi, "/nonexistent/b"), "installed, unused kernel modules and unshipped packages left out"), nullptr);
}

}  // namespace
}  // namespace ssi::image
