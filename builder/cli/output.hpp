#pragma once
// Printing helpers shared by the commands: sizes, aligned tables, warnings.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/text.hpp"

namespace ssi::cli {

void print_warning(const std::string& message);
void print_json(const nlohmann::json& value);
// Left-aligned columns, two spaces apart; the last column is not padded.
void print_table(const std::vector<std::vector<std::string>>& rows, const std::string& indent = "  ");

}  // namespace ssi::cli
