#pragma once
// Checks OSCAR package descriptions (config.xml) against the opkg schema with libxml2, the
// library behind xmllint, so both give the same verdicts. Every error is reported as FILE:LINE: what.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::oscar {

// The errors of one file; empty when it is valid. `schema_file` replaces the built-in schema.
// An Error only when the schema itself cannot be loaded.
Expected<std::vector<std::string>> validate_config_xml(const std::filesystem::path& file,
                                                       const std::optional<std::filesystem::path>& schema_file = {});

}  // namespace ssi::oscar
