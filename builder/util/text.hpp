#pragma once
// Small text helpers shared by the layers.
#include <string>
#include <string_view>

namespace ssi {

// Adds `line` to a newline-separated list (no newline before the first).
inline void append_line(std::string& text, std::string_view line) {
  if (!text.empty()) text.push_back('\n');
  text.append(line);
}

}  // namespace ssi
