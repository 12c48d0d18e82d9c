#include "boot/serial_log.hpp"

#include <sstream>

#include "util/fs.hpp"

namespace ssi::boot {

std::vector<std::string> log_lines(const std::filesystem::path& log) {
  std::vector<std::string> lines;
  const auto text = read_file(log);
  std::istringstream in(text ? *text : std::string());
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace ssi::boot
