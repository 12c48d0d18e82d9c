#include "repo/indexer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include <nlohmann/json.hpp>

#include "repo/index_cache.hpp"
#include "solve/query.hpp"
#include "solve/record_loader.hpp"
#include "support/rpm_factory.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi::repo {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;

class Indexer : public ::testing::Test {
 protected:
  fs::path dir = test::scratch_dir() / "rpm";
  void SetUp() override { test::copy_universe(dir); }
  std::size_t universe_size() const { return test::universe_packages().size(); }
  IndexSummary index(IndexOptions options = {}) {
    auto summary = index_repository(dir, options);
    EXPECT_TRUE(summary) << summary.error().message;
    return summary ? *summary : IndexSummary{};
  }
};

TEST_F(Indexer, ColdIndexReadsEveryPackage) {
  const IndexSummary s = index();
  EXPECT_EQ(s.packages, universe_size());
  EXPECT_EQ(s.read, universe_size());
  EXPECT_FALSE(s.unchanged);
  EXPECT_TRUE(s.problems.empty());
  EXPECT_TRUE(fs::exists(dir / ".ssi-oscar" / "packages.solv"));
  EXPECT_TRUE(fs::exists(dir / ".ssi-oscar" / "packages.resolve.solv"));
}

TEST_F(Indexer, TheLeanPoolKeepsWhatResolvingNeedsAndDropsTexts) {
  index();
  const CachePaths paths(dir);
  solve::Pool full, lean;
  ASSERT_TRUE(solve::read_solv_file(full.add_repo("r"), paths.solv.full));
  ASSERT_TRUE(solve::read_solv_file(lean.add_repo("r"), paths.solv.resolve_only));
  const auto a = solve::packages_named(full, "app", solve::Detail::full);
  const auto b = solve::packages_named(lean, "app", solve::Detail::full);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].dependencies, b[0].dependencies);
  EXPECT_EQ(a[0].install_size, b[0].install_size);
  EXPECT_EQ(a[0].location, b[0].location);
  EXPECT_EQ(a[0].description, "test package.");
  EXPECT_EQ(b[0].description, "");
  EXPECT_LT(fs::file_size(paths.solv.resolve_only), fs::file_size(paths.solv.full));
}

TEST_F(Indexer, UnchangedRepositoryOpensNoPackage) {
  index();
  const IndexSummary s = index();
  EXPECT_TRUE(s.unchanged);
  EXPECT_EQ(s.read, 0u);
  EXPECT_EQ(s.packages, universe_size());
}

TEST_F(Indexer, RereadsOnlyAddedOrChangedFilesAndForgetsRemovedOnes) {
  index();
  // Nested folders count too: /tftpboot/rpm trees are often split by distribution.
  fs::create_directories(dir / "extra");
  test::TestPackage extra;
  extra.name = "extra-tool";
  extra.arch = "noarch";
  extra.files = {"/usr/bin/extra-tool"};
  test::build_rpms({extra}, dir / "extra");
  fs::remove(dir / "torque-6.1-1.noarch.rpm");
  fs::last_write_time(dir / "app-3.0-1.x86_64.rpm", fs::file_time_type::clock::now());

  const IndexSummary s = index();
  EXPECT_EQ(s.read, 2u);  // the new package and the touched one
  EXPECT_EQ(s.removed, 1u);
  EXPECT_EQ(s.packages, universe_size());
  const auto records = load_records(CachePaths(dir));
  ASSERT_TRUE(records);
  bool found_extra = false;
  for (const auto& r : *records) {
    EXPECT_NE(r.name, "torque");
    found_extra |= r.location == "extra/extra-tool-1.0-1.noarch.rpm";
  }
  EXPECT_TRUE(found_extra);
}

// The records cache is the tool's own file, but a crash of the disk, a truncated copy or an older
// release of the tool can leave it unreadable: the next change then reads every package again
// instead of failing or indexing from half a cache.
TEST_F(Indexer, AnUnreadableOrOlderRecordsCacheMeansEveryPackageIsReadAgain) {
  index();
  const CachePaths paths(dir);
  const std::string whole = read_file(paths.records).value();
  const std::vector<std::uint8_t> older = nlohmann::json::to_msgpack(nlohmann::json{{"format", 2}, {"records", nlohmann::json::array()}});
  const auto touched = fs::last_write_time(dir / "app-3.0-1.x86_64.rpm");
  int round = 0;
  for (const std::string& bad : {std::string("not a cache at all"), whole.substr(0, whole.size() / 2),
                                 std::string(older.begin(), older.end())}) {
    ASSERT_TRUE(write_file_atomic(paths.records, bad));
    EXPECT_FALSE(load_records(paths));
    fs::last_write_time(dir / "app-3.0-1.x86_64.rpm", touched + std::chrono::seconds(++round));
    const IndexSummary s = index();
    EXPECT_EQ(s.read, universe_size());
    EXPECT_EQ(s.packages, universe_size());
    EXPECT_TRUE(s.problems.empty());
    const auto records = load_records(paths);
    ASSERT_TRUE(records);
    EXPECT_EQ(records->size(), universe_size());
  }
}

TEST_F(Indexer, BadFilesAreReportedAndTheRestIsIndexed) {
  std::ofstream(dir / "zero.rpm").close();
  std::ofstream(dir / "notes.rpm") << "hello\n";
  const IndexSummary s = index();
  EXPECT_EQ(s.packages, universe_size());
  ASSERT_EQ(s.problems.size(), 2u);
  EXPECT_THAT(s.problems[0] + s.problems[1], HasSubstr("zero.rpm: empty file"));
  EXPECT_THAT(s.problems[0] + s.problems[1], HasSubstr("notes.rpm: not an RPM package"));
  // A warm run still names them, without opening them again.
  const IndexSummary warm = index();
  EXPECT_TRUE(warm.unchanged);
  EXPECT_EQ(warm.problems.size(), 2u);
}

TEST_F(Indexer, StrictModeFailsAndKeepsTheEarlierIndex) {
  index();
  const auto state_before = fs::last_write_time(dir / ".ssi-oscar" / "index-state.json");
  std::ofstream(dir / "zero.rpm").close();
  IndexOptions strict;
  strict.strict = Strict::yes;
  auto s = index_repository(dir, strict);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ExitCode::bad_input);
  EXPECT_THAT(s.error().message, HasSubstr("zero.rpm"));
  EXPECT_EQ(fs::last_write_time(dir / ".ssi-oscar" / "index-state.json"), state_before);
}

TEST_F(Indexer, DuplicateNevrasAreReported) {
  fs::create_directories(dir / "copy");
  fs::copy_file(dir / "torque-6.1-1.noarch.rpm", dir / "copy" / "torque-6.1-1.noarch.rpm");
  const IndexSummary s = index();
  ASSERT_EQ(s.duplicates.size(), 1u);
  EXPECT_THAT(s.duplicates[0], HasSubstr("torque-6.1-1.noarch"));
  EXPECT_THAT(s.duplicates[0], HasSubstr("copy/torque-6.1-1.noarch.rpm"));
}

TEST_F(Indexer, MissingDirectoryIsOneClearError) {
  auto s = index_repository(dir / "nope", {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ExitCode::bad_input);
  EXPECT_THAT(s.error().message, HasSubstr("nope: not a directory"));
}

TEST_F(Indexer, ParallelAndSerialReadsGiveTheSameRecords) {
  IndexOptions serial;
  serial.jobs = 1;
  index(serial);
  const auto one = load_records(CachePaths(dir));
  fs::remove_all(dir / ".ssi-oscar");
  IndexOptions parallel;
  parallel.jobs = 4;
  index(parallel);
  const auto four = load_records(CachePaths(dir));
  ASSERT_TRUE(one && four);
  EXPECT_EQ(*one, *four);
}

}  // namespace
}  // namespace ssi::repo
