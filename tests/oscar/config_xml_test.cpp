// config.xml: the writer's output is valid, broken files are caught with file:line, and the
// verdicts agree with xmllint on the same files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "oscar/config_xml_validator.hpp"
#include "oscar/config_xml_writer.hpp"
#include "support/opkg_sample.hpp"
#include "support/process.hpp"
#include "support/universe.hpp"

namespace ssi::oscar {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using test::quote;

const std::string kSchema = std::string(SSI_OSCAR_SOURCE_DIR) + "/builder/oscar/opkg.xsd";

// xmllint's lines, reduced to "FILE:LINE: message" like ours.
std::vector<std::string> xmllint(const fs::path& file, const std::string& schema) {
  const auto result = test::run("xmllint --noout --schema " + quote(schema) + " " + quote(file.string()));
  std::vector<std::string> errors;
  std::istringstream lines(result.output);
  const std::regex error_line(R"(^(.*):(\d+): element [^:]*: Schemas validity error : (.*)$)");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, error_line)) errors.push_back(m[1].str() + ":" + m[2].str() + ": " + m[3].str());
  }
  return errors;
}

class ConfigXml : public ::testing::Test {
 protected:
  fs::path dir = test::scratch_dir();
  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return dir / name;
  }
  std::string good = render_config_xml(test::sample_opkg());
  std::string broken(const std::string& from, const std::string& to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    return text;
  }
};

TEST_F(ConfigXml, WrittenFilesAreValidForUsAndForXmllint) {
  const fs::path file = write("config.xml", good);
  const auto result = validate_config_xml(file);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->format, ConfigFormat::opkg61);
  EXPECT_TRUE(result->errors.empty()) << (result->errors.empty() ? "" : result->errors.front());
  EXPECT_EQ(test::run("xmllint --noout --schema " + quote(kSchema) + " " + quote(file.string())).status, 0);
  EXPECT_THAT(good, HasSubstr("<pkg rel=\"&gt;=\" version=\"2.0\">slurm</pkg>"));
  EXPECT_THAT(good, HasSubstr("<requires>\n      <filters>\n        <dist>debian</dist>\n      </filters>\n      <pkg>nfs-common</pkg>"));
}

TEST_F(ConfigXml, BrokenVariantsFailWithTheSameErrorsAsXmllint) {
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"bad-date.xml", broken("2026-11-25T00:00:00+00:00", "25/11/2026")},
      {"misspelt.xml", broken("<summary>Kerrighed single system image</summary>", "<sumary>Kerrighed</sumary>")},
      {"licence.xml", broken("<license>GPL</license>", "<license>GPL-2.0-only</license>")},
      {"version.xml", broken("<summary>", "<version><major>3</major></version>\n  <summary>")},
  };
  for (const auto& [name, text] : variants) {
    const fs::path file = write(name, text);
    const auto result = validate_config_xml(file);
    ASSERT_TRUE(result);
    ASSERT_FALSE(result->errors.empty()) << name;
    EXPECT_THAT(result->errors.front(), HasSubstr(file.string() + ":")) << name;
    if (test::run("command -v xmllint").status == 0) {
      EXPECT_EQ(result->errors, xmllint(file, kSchema)) << name;
    }
  }
}

TEST_F(ConfigXml, NotXmlAtAllIsOneClearError) {
  const auto result = validate_config_xml(write("config.xml", "<oscar><name>x</oscar>"));
  ASSERT_TRUE(result);
  ASSERT_FALSE(result->errors.empty());
  EXPECT_THAT(result->errors.front(), HasSubstr("config.xml:1: "));
}

// The real OSCAR packages, when the reference corpus is beside the project: both our schema and
// OSCAR's own accept them, as xmllint does.
TEST_F(ConfigXml, RealOscarPackagesAgreeWithXmllint) {
  const fs::path reference = fs::path(SSI_OSCAR_SOURCE_DIR) / "../shared/reference/oscar";
  if (!fs::exists(reference / "schemas/opkg.xsd")) GTEST_SKIP() << "reference corpus not present";
  for (const auto& entry : fs::directory_iterator(reference / "packages")) {
    const fs::path file = entry.path() / "config.xml";
    for (const std::string& schema : {kSchema, (reference / "schemas/opkg.xsd").string()}) {
      const auto ours = validate_config_xml(file, schema == kSchema ? std::nullopt : std::optional<fs::path>(schema));
      ASSERT_TRUE(ours);
      EXPECT_EQ(ours->errors, xmllint(file, schema)) << file << " against " << schema;
    }
  }
}

}  // namespace
}  // namespace ssi::oscar
