#include "repo/repodata_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "repo/indexer.hpp"
#include "repo/rpmmd_reader.hpp"
#include "solve/query.hpp"
#include "solve/record_loader.hpp"
#include "support/process.hpp"
#include "support/universe.hpp"
#include "util/fs.hpp"

namespace ssi::repo {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;

// Everything libsolv knows of each package, as text, for comparing two loads of one repository.
std::set<std::string> describe(solve::Pool& pool) {
  std::set<std::string> out;
  for (const auto& brief : solve::all_packages(pool))
    for (const auto& p : solve::packages_named(pool, brief.name, solve::Detail::full)) {
      if (p.nevra != brief.nevra) continue;
      std::string text = p.nevra + " " + p.location + " " + std::to_string(p.install_size) + " " +
                         std::to_string(p.download_size) + " " + p.sourcerpm;
      std::set<std::string> deps;  // the two readers keep different orders
      for (const auto& [kind, list] : p.dependencies)
        for (const auto& d : list) deps.insert(kind + ":" + d);
      for (const auto& d : deps) text += " " + d;
      out.insert(text);
    }
  return out;
}

class RepodataWriter : public ::testing::Test {
 protected:
  fs::path dir = test::scratch_dir() / "rpm";
  void SetUp() override {
    test::copy_universe(dir);
    ::setenv("SSI_OSCAR_CACHE_DIR", (dir.parent_path() / "cache").c_str(), 1);
  }
  void TearDown() override { ::unsetenv("SOURCE_DATE_EPOCH"); }
  void index_with(Compression c, const fs::path& where) {
    IndexOptions options;
    options.repodata = c;
    auto s = index_repository(where, options);
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE(s->repodata_written);
  }
  std::string read(const fs::path& p) { return read_file(p).value(); }
  // A pool loaded from the written repodata alone, copied away from the RPM files.
  void load_metadata_only(solve::Pool& pool) {
    const fs::path metadata_only = dir.parent_path() / "metadata";
    if (!fs::exists(metadata_only)) {
      fs::create_directories(metadata_only);
      fs::copy(dir / "repodata", metadata_only / "repodata");
    }
    ASSERT_TRUE(load_rpmmd(pool.add_repo("r"), metadata_only, dir.parent_path() / "cache"));
    pool.prepare();
  }
};

TEST_F(RepodataWriter, LibsolvsRpmmdReaderSeesWhatTheIndexHolds) {
  index_with(Compression::gzip, dir);
  solve::Pool from_index;
  ASSERT_TRUE(solve::read_solv_file(from_index.add_repo("r"), dir / ".ssi-oscar" / "packages.solv"));
  from_index.prepare();

  solve::Pool from_rpmmd;
  load_metadata_only(from_rpmmd);

  const auto expected = describe(from_index);
  EXPECT_EQ(expected.size(), test::universe_packages().size());
  EXPECT_EQ(describe(from_rpmmd), expected);
  // Files outside primary.xml come through filelists.xml.
  EXPECT_EQ(solve::what_provides(from_rpmmd, "/usr/share/doc/app/README").size(), 1u);

  // The second load comes from the .solv cache and must hold the same, file lists included.
  solve::Pool from_cache;
  load_metadata_only(from_cache);
  EXPECT_EQ(describe(from_cache), expected);
  EXPECT_EQ(solve::what_provides(from_cache, "/usr/share/doc/app/README").size(), 1u);
}

TEST_F(RepodataWriter, ZstdMetadataIsReadableToo) {
  index_with(Compression::zstd, dir);
  bool found_zst = false;
  for (const auto& e : fs::directory_iterator(dir / "repodata")) found_zst |= e.path().extension() == ".zst";
  EXPECT_TRUE(found_zst);
  solve::Pool pool;
  load_metadata_only(pool);
  EXPECT_EQ(solve::all_packages(pool).size(), test::universe_packages().size());
}

TEST_F(RepodataWriter, IdenticalInputsGiveIdenticalBytesWhateverTheFileTimes) {
  index_with(Compression::gzip, dir);
  const fs::path copy = dir.parent_path() / "copy";
  test::copy_universe(copy);  // new files: other mtimes and inodes
  index_with(Compression::gzip, copy);
  EXPECT_EQ(read(dir / "repodata/repomd.xml"), read(copy / "repodata/repomd.xml"));
  for (const auto& e : fs::directory_iterator(dir / "repodata"))
    EXPECT_EQ(read(e.path()), read(copy / "repodata" / e.path().filename())) << e.path();
  EXPECT_THAT(read(dir / "repodata/repomd.xml"), HasSubstr("<revision>1700000000</revision>"));
}

TEST_F(RepodataWriter, SourceDateEpochSetsEveryTimestamp) {
  ::setenv("SOURCE_DATE_EPOCH", "1600000000", 1);
  index_with(Compression::gzip, dir);
  const std::string repomd = read(dir / "repodata/repomd.xml");
  EXPECT_THAT(repomd, HasSubstr("<revision>1600000000</revision>"));
  EXPECT_THAT(repomd, Not(HasSubstr("1700000000")));
}

TEST_F(RepodataWriter, CreaterepoCReadsTheMetadataBack) {
  if (test::run("command -v createrepo_c").status != 0) GTEST_SKIP() << "createrepo_c is not installed";
  index_with(Compression::gzip, dir);
  const auto result = test::run("createrepo_c --update -v " + test::quote(dir.string()));
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("Really usable items: " + std::to_string(test::universe_packages().size())));
}

TEST_F(RepodataWriter, AnEarlierRepodataIsReplacedWhole) {
  index_with(Compression::gzip, dir);
  index_with(Compression::zstd, dir);
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir / "repodata")) {
    ++files;
    EXPECT_NE(e.path().extension(), ".gz") << e.path();
  }
  EXPECT_EQ(files, 4);  // repomd.xml, primary, filelists, other
}

}  // namespace
}  // namespace ssi::repo
