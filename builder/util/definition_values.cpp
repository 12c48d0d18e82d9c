#include "util/definition_values.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace ssi {
namespace {

constexpr std::size_t kCommandLineMax = 2047;  // x86's COMMAND_LINE_SIZE, 2048, less the NUL

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '+' || c == '-';
}

std::string shown(char c) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(c));
  return hex;
}

}  // namespace

bool is_plain_name(std::string_view name) {
  return !name.empty() && std::isalnum(static_cast<unsigned char>(name.front())) &&
         std::all_of(name.begin(), name.end(), name_char);
}

void check_plain_name(Fields& f, const std::string& key, const std::string& value) {
  if (value.empty() || is_plain_name(value)) return;
  f.problems().add(f.line_of(key), f.path().empty() ? key : f.path() + "." + key,
                   "letters, digits and ._+- only, starting with a letter or a digit: it names files (got \"" + value +
                       "\")");
}

void check_command_line(Fields& f, const std::string& key, const std::string& value) {
  const std::string field = f.path().empty() ? key : f.path() + "." + key;
  const auto control = std::find_if(value.begin(), value.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (control != value.end())
    f.problems().add(f.line_of(key), field,
                     "control character " + shown(*control) + " at byte " + std::to_string(control - value.begin()) +
                         ": a kernel command line is one line of printable text");
  else if (value.size() > kCommandLineMax)
    f.problems().add(f.line_of(key), field,
                     std::to_string(value.size()) + " bytes: the kernel takes at most " + std::to_string(kCommandLineMax));
}

}  // namespace ssi
