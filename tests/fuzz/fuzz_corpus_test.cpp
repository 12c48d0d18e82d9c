// The fuzzers' seed corpora, written by this test from real inputs (the project's recipes and
// definitions, RPMs built here, OSCAR's config.xml files, .debs made here), and every saved
// finding of tests/fuzz/regressions/TARGET/ replayed through the same reader: an error value,
// never a crash. scripts/fuzz runs this test to make the corpora, then the fuzzers on them.
#include <gtest/gtest.h>

#include <cstdlib>

#include "fuzz_readers.hpp"
#include "oscar/config_xml_writer.hpp"
#include "support/debian_packages.hpp"
#include "support/opkg_sample.hpp"
#include "support/universe.hpp"

namespace ssi {
namespace {
namespace fs = std::filesystem;

fs::path seeds_dir() {
  if (const char* dir = std::getenv("SSI_OSCAR_FUZZ_SEEDS"); dir && *dir) return dir;
  return fs::path(SSI_OSCAR_TEST_WORK) / "fuzz-seeds";
}

void seed(const std::string& target, const fs::path& file) {
  const fs::path dir = seeds_dir() / target;
  fs::create_directories(dir);
  fs::copy_file(file, dir / (file.parent_path().filename().string() + "-" + file.filename().string()),
                fs::copy_options::overwrite_existing);
}

void seed_text(const std::string& target, const std::string& name, const std::string& text) {
  TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir.path() / name, text));
  seed(target, dir.path() / name);
}

void seed_matching(const std::string& target, const fs::path& dir, const std::string& extension) {
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == extension) seed(target, e.path());
}

TEST(FuzzCorpus, SeedsFromRealInputsAreReadByTheirTargets) {
  const fs::path source = SSI_OSCAR_SOURCE_DIR;
  fs::remove_all(seeds_dir());
  const fs::path work = test::scratch_dir();
  test::copy_universe(work / "rpms");
  seed_matching("rpm_header", work / "rpms", ".rpm");
  seed_matching("recipe", source / "recipes", ".toml");
  seed_matching("kernel_definition", source / "kernels", ".toml");
  seed_matching("image_definition", source / "images", ".toml");
  seed_matching("image_definition", source / "clusters", ".toml");
  seed_text("config_xml", "config.xml", oscar::render_config_xml(test::sample_opkg()));
  seed_text("config_xml", "config4.xml", oscar::render_config_xml_oscar4(test::sample_opkg(), "1.0", "1"));
  if (const fs::path oscar = source / "../shared/reference/oscar"; fs::is_directory(oscar))
    seed_matching("config_xml", oscar, ".xml");
  seed("deb", test::make_deb(work, "seed", "Package: seed\nVersion: 1.0-1\nArchitecture: all\nMaintainer: T <t@example.org>\n"
                                           "Description: seed\n",
                             {{"/usr/share/seed/data", "seed\n"}}, "/usr/share/seed/data\n"));

  for (const auto& [target, reader] : fuzz::readers()) {
    std::size_t seeds = 0, accepted = 0;
    for (const auto& e : fs::directory_iterator(seeds_dir() / target)) {
      ++seeds;
      accepted += reader.read(e.path());
    }
    EXPECT_GT(seeds, 0u) << target;
    EXPECT_GT(accepted, 0u) << target << ": no seed is a valid input";
  }
}

TEST(FuzzCorpus, SavedFindingsAreErrorsNotCrashes) {
  const fs::path regressions = fs::path(SSI_OSCAR_SOURCE_DIR) / "tests/fuzz/regressions";
  std::size_t replayed = 0;
  for (const auto& [target, reader] : fuzz::readers()) {
    if (!fs::is_directory(regressions / target)) continue;
    for (const auto& e : fs::directory_iterator(regressions / target)) {
      TempDir dir;
      fs::copy_file(e.path(), dir.path() / reader.file_name);
      (void)reader.read(dir.path() / reader.file_name);  // the sanitizers judge
      ++replayed;
    }
  }
  std::printf("  %zu saved findings replayed\n", replayed);
}

}  // namespace
}  // namespace ssi
