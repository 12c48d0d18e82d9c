#pragma once
// Checks for definition values that leave the definition: names that become file and folder
// names (a "/" or ".." would write outside the output folder) and kernel command lines, which go
// verbatim into iPXE scripts and pxelinux files (a newline there starts a new command).
#include <string>
#include <string_view>

#include "util/toml_fields.hpp"

namespace ssi {

// Letters, digits and ._+-, starting with a letter or a digit: never "", ".", ".." or a path.
bool is_plain_name(std::string_view name);

// Each adds one problem at the key's line when a non-empty value breaks the rule.
void check_plain_name(Fields& f, const std::string& key, const std::string& value);
void check_command_line(Fields& f, const std::string& key, const std::string& value);

}  // namespace ssi
