#include "kernel/patch_series.hpp"

#include <algorithm>
#include <sstream>

#include "util/fs.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace ssi::kernel {
namespace fs = std::filesystem;

namespace {

bool starts_diff(const std::string& line) {
  return line.starts_with("diff ") || line.starts_with("--- ") || line.starts_with("Index: ");
}

}  // namespace

std::string patch_reason(const std::string& patch_text) {
  std::istringstream lines(patch_text);
  std::string reason;
  for (std::string line; std::getline(lines, line) && !starts_diff(line);) reason += line + "\n";
  const auto end = reason.find_last_not_of(" \t\n");
  return end == std::string::npos ? "" : reason.substr(0, end + 1);
}

Expected<std::vector<recipe::Patch>> read_patch_series(const fs::path& definition, const std::string& folder) {
  const fs::path dir = definition.parent_path() / folder;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return bad_input(definition.string() + ": build.patch_series: " + dir.string() + ": no such folder");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".patch") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) return bad_input(definition.string() + ": build.patch_series: " + dir.string() + " holds no .patch file");
  std::vector<recipe::Patch> series;
  std::string problems;
  for (const fs::path& file : files) {
    auto text = read_file(file);
    if (!text) {
      append_line(problems, file.string() + ": cannot read the patch");
      continue;
    }
    if (patch_reason(*text).empty())
      append_line(problems, file.string() + ": opens with no reason: say above the diff which failure it fixes and why");
    if (text->find("\n--- ") == std::string::npos && !text->starts_with("--- "))
      append_line(problems, file.string() + ": holds no diff");
    recipe::Patch patch;
    patch.file = (fs::path(folder) / file.filename()).string();
    patch.sha256 = {sha256_hex(*text)};
    series.push_back(std::move(patch));
  }
  if (!problems.empty()) return bad_input(problems);
  return series;
}

}  // namespace ssi::kernel
