#pragma once
// What a failed build's log says first: the line a user needs before the log's tail.
#include <filesystem>
#include <string>

namespace ssi::rpm {

// The first failure a build step reported, as one line: a step's own "ssi-oscar: " line (a
// patch that does not apply), else the first compiler error ("fs/stat.c:12:3: error: …", the
// path made relative to the build tree), else make's first "***" line; "" when none is found.
std::string first_failure(const std::filesystem::path& log);
std::string first_failure_in(const std::string& log_text);

}  // namespace ssi::rpm
