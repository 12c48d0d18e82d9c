#include "repo/repository.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "solve/query.hpp"
#include "support/universe.hpp"

namespace ssi::repo {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> added_file_provides(const fs::path& solv) {
  solve::Pool pool;
  ::Repo* repo = pool.add_repo("r");
  EXPECT_TRUE(solve::read_solv_file(repo, solv));
  solve::IdQueue ids;
  repo_lookup_idarray(repo, SOLVID_META, REPOSITORY_ADDEDFILEPROVIDES, ids.get());
  std::vector<std::string> out;
  for (Id id : ids) out.emplace_back(pool_dep2str(pool.get(), id));
  return out;
}

TEST(Repository, SourcesMayCarryAPriority) {
  EXPECT_EQ(parse_repo_source("/srv/rpm:10").priority, 10);
  EXPECT_EQ(parse_repo_source("/srv/rpm:10").path, "/srv/rpm");
  EXPECT_EQ(parse_repo_source("/srv/rpm").priority, 0);
  EXPECT_EQ(parse_repo_source("/srv/a:b").path, "/srv/a:b");
}

TEST(Repository, FileProvidesAreRememberedForTheNextResolve) {
  const fs::path dir = test::scratch_dir() / "rpm";
  test::copy_universe(dir);
  std::vector<OpenedRepo> opened;
  solve::Pool pool;
  auto repo = open_repository(pool, {dir, 0}, {}, solve::SolvContent::resolve_only);
  ASSERT_TRUE(repo) << repo.error().message;
  opened.push_back(*repo);
  EXPECT_TRUE(added_file_provides(repo->resolve_cache).empty());
  remember_file_provides(pool, opened);
  EXPECT_THAT(added_file_provides(repo->resolve_cache), ::testing::Contains("/usr/bin/base-shell"));
  // The rewritten cache still answers like before.
  solve::Pool again;
  ASSERT_TRUE(solve::read_solv_file(again.add_repo("r"), repo->resolve_cache));
  EXPECT_EQ(solve::what_provides(again, "/usr/bin/base-shell").size(), 1u);
}

}  // namespace
}  // namespace ssi::repo
