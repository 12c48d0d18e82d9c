// Both config.xml formats: written, validated, read back; real OSCAR packages imported as recipes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "oscar/config_xml_reader.hpp"
#include "oscar/config_xml_validator.hpp"
#include "oscar/config_xml_writer.hpp"
#include "recipe/oscar_import.hpp"
#include "recipe/recipe_parser.hpp"
#include "support/opkg_sample.hpp"
#include "support/process.hpp"
#include "support/universe.hpp"

namespace ssi::oscar {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;

std::vector<std::string> names(const std::vector<PackageRef>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs) out.push_back(r.name + (r.dists.empty() ? "" : "@" + r.dists.front()));
  return out;
}

class Formats : public ::testing::Test {
 protected:
  fs::path dir = test::scratch_dir();
  fs::path write(const std::string& folder, const std::string& xml) {
    fs::create_directories(dir / folder);
    std::ofstream(dir / folder / "config.xml") << xml;
    return dir / folder / "config.xml";
  }
};

TEST_F(Formats, BothFormatsRoundTripThroughTheReader) {
  for (const auto& [format, xml] : {std::pair{ConfigFormat::opkg61, render_config_xml(test::sample_opkg())},
                                    std::pair{ConfigFormat::oscar4, render_config_xml_oscar4(test::sample_opkg(), "3.0.0", "1")}}) {
    const fs::path file = write(format == ConfigFormat::oscar4 ? "four/kerrighed" : "six/kerrighed", xml);
    const auto valid = validate_config_xml(file);
    ASSERT_TRUE(valid);
    EXPECT_EQ(valid->format, format);
    EXPECT_TRUE(valid->errors.empty()) << (valid->errors.empty() ? "" : valid->errors.front());
    const auto read = read_config_xml(file, "kerrighed");
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->format, format);
    EXPECT_EQ(read->opkg.name, "kerrighed");
    EXPECT_EQ(read->version, "3.0.0");
    EXPECT_EQ(read->release, "1");
    EXPECT_THAT(names(read->opkg.oscar.requires_), ElementsAre("kernel_picker"));
    EXPECT_THAT(names(read->opkg.oscar.conflicts), ElementsAre("torque", "slurm"));
    EXPECT_THAT(names(read->opkg.server.requires_), ElementsAre("kerrighed-host-tools"));
    EXPECT_THAT(names(read->opkg.client.requires_), ElementsAre("kerrighed-tools", "nfs-common@debian"));
  }
}

TEST_F(Formats, ALeftoverVersionMakesASixOneFileInvalid) {
  std::string xml = render_config_xml(test::sample_opkg());
  xml.replace(xml.find("<class>"), 0, "<version><major>3</major><release>1</release></version>\n  ");
  const auto valid = validate_config_xml(write("leftover", xml));
  ASSERT_TRUE(valid);
  EXPECT_EQ(valid->format, ConfigFormat::opkg61);
  ASSERT_FALSE(valid->errors.empty());
  EXPECT_THAT(valid->errors.front(), ::testing::HasSubstr("Element 'version': This element is not expected"));
}

TEST_F(Formats, AnImportedPackageBecomesARecipeThatParses) {
  const fs::path tree = write("torque", render_config_xml_oscar4(test::sample_opkg(), "6.1.3", "2")).parent_path();
  fs::create_directories(tree / "scripts");
  std::ofstream(tree / "scripts" / "api-post-install") << "#!/bin/sh\n";
  const auto imported = recipe::import_oscar_tree(tree, dir / "recipe");
  ASSERT_TRUE(imported) << imported.error().message;
  auto r = recipe::load_recipe(dir / "recipe");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->name, "torque");  // OSCAR 4 packages are known by their folder
  EXPECT_EQ(r->version, "6.1.3");
  EXPECT_EQ(r->release, "2");
  ASSERT_TRUE(r->oscar);
  EXPECT_THAT(names(r->oscar->client.requires_), ElementsAre("kerrighed-tools", "nfs-common@debian"));
  ASSERT_EQ(r->oscar->scripts.size(), 1u);
  EXPECT_EQ(r->oscar->scripts[0].second, "scripts/api-post-install");
  EXPECT_TRUE(fs::exists(dir / "recipe/scripts/api-post-install"));
}

// The real OSCAR packages, when the reference corpus is beside the project.
TEST_F(Formats, RealOscarPackagesOfBothFormatsAreRead) {
  const fs::path reference = fs::path(SSI_OSCAR_SOURCE_DIR) / "../shared/reference/oscar";
  if (!fs::exists(reference)) GTEST_SKIP() << "reference corpus not present";
  for (const char* folder : {"packages", "packages-oscar4"})
    for (const auto& entry : fs::directory_iterator(reference / folder)) {
      const auto valid = validate_config_xml(entry.path() / "config.xml");
      ASSERT_TRUE(valid);
      EXPECT_TRUE(valid->errors.empty()) << entry.path();
      const auto read = recipe::read_oscar_tree(entry.path());
      ASSERT_TRUE(read) << read.error().message;
      EXPECT_EQ(read->opkg.name, entry.path().filename().string());
      EXPECT_FALSE(read->version.empty()) << entry.path();
    }
  const auto torque = recipe::read_oscar_tree(reference / "packages-oscar4/torque");
  ASSERT_TRUE(torque);
  EXPECT_EQ(torque->format, ConfigFormat::oscar4);
  EXPECT_THAT(names(torque->opkg.server.requires_), ElementsAre("torque-server", "torque-gui"));
  EXPECT_THAT(names(torque->opkg.oscar.conflicts), ElementsAre("pbs"));
}

}  // namespace
}  // namespace ssi::oscar
