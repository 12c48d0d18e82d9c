#include "rpm/build_log.hpp"

#include <regex>
#include <sstream>

#include "util/fs.hpp"

namespace ssi::rpm {
namespace {

const std::regex kCompilerError(R"(^(\S+?):(\d+)(:\d+)?: (fatal error|error): (.*)$)");
const std::regex kMakeError(R"(^(g?make(\[\d+\])?: \*\*\* .*)$)");

// Paths inside rpm's BUILD folder mean nothing to a user: keep what follows the unpacked tree.
std::string relative_to_build_tree(const std::string& path) {
  const auto build = path.find("/BUILD/");
  if (build == std::string::npos) return path;
  const auto tree_end = path.find('/', build + 7);
  return tree_end == std::string::npos ? path : path.substr(tree_end + 1);
}

}  // namespace

std::string first_failure_in(const std::string& log_text) {
  std::istringstream lines(log_text);
  std::string compiler, make;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("ssi-oscar: ")) return line.substr(11);
    std::smatch m;
    if (compiler.empty() && std::regex_match(line, m, kCompilerError))
      compiler = relative_to_build_tree(m[1].str()) + ":" + m[2].str() + ": " + m[4].str() + ": " + m[5].str();
    else if (make.empty() && std::regex_match(line, m, kMakeError))
      make = m[1].str();
  }
  return compiler.empty() ? make : compiler;
}

std::string first_failure(const std::filesystem::path& log) {
  auto text = read_file(log);
  return text ? first_failure_in(*text) : "";
}

}  // namespace ssi::rpm
