#pragma once
// A guest's serial console log, read as lines: what boot tests and cluster runs learn from it.
#include <filesystem>
#include <string>
#include <vector>

namespace ssi::boot {

// The log's lines without the console's carriage returns; none when the log is missing (a node
// that never started writes nothing, and its absence is reported by what is not found).
std::vector<std::string> log_lines(const std::filesystem::path& log);

}  // namespace ssi::boot
