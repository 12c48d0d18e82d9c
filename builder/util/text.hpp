#pragma once
// Small text helpers shared by the layers: lists of lines, sizes, aligned tables.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssi {

// Adds `line` to a newline-separated list (no newline before the first).
inline void append_line(std::string& text, std::string_view line) {
  if (!text.empty()) text.push_back('\n');
  text.append(line);
}

// `items` with `separator` between them.
std::string join(const std::vector<std::string>& items, std::string_view separator);
// Without leading and trailing blanks (spaces, tabs, newlines).
std::string trim(std::string_view text);

// The whole of `text` as a number in `base`; nullopt for anything else (empty, a sign, other
// characters, out of range). For numbers read from files, where std::stoul would throw.
std::optional<unsigned long> parse_number(std::string_view text, int base = 10);

// A word for /bin/sh, in single quotes; and a whole argument vector as one command line.
std::string shell_quote(const std::string& word);
std::string shell_command(const std::vector<std::string>& argv);

std::string human_size(std::uint64_t bytes);       // "12.3 MiB"
std::string signed_size(std::int64_t bytes);       // "+12.3 MiB", "-1.0 KiB", "0 B"
// Left-aligned columns, two spaces apart, one row a line; the last column is not padded.
std::string format_table(const std::vector<std::vector<std::string>>& rows, const std::string& indent = "  ");

}  // namespace ssi
