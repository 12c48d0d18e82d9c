#pragma once
// Checks OSCAR package descriptions (config.xml, both formats) against their schema with
// libxml2, the library behind xmllint, so both give the same verdicts. Every error is reported
// as FILE:LINE: what.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "oscar/schema.hpp"
#include "util/error.hpp"

namespace ssi::oscar {

struct Validation {
  ConfigFormat format = ConfigFormat::opkg61;
  std::vector<std::string> errors;  // empty: valid
};

// An OSCAR 4 description is recognised by its <rpmlist> or <packager>; anything else is checked
// as opkg 6.1 (so a leftover <version> in a 6.1 file is an error). `schema_file` replaces the
// built-in schema. An Error only when the schema itself cannot be loaded.
Expected<Validation> validate_config_xml(const std::filesystem::path& file,
                                         const std::optional<std::filesystem::path>& schema_file = {});

}  // namespace ssi::oscar
