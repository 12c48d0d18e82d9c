#include "recipe/sources.hpp"

#include <algorithm>
#include <sstream>

#include "util/fs.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace ssi::recipe {
namespace fs = std::filesystem;
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string either(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& x : list) out += (out.empty() ? "" : " or ") + x;
  return out;
}

// What dpkg recorded for a file of an installed Debian package: its path and md5.
struct DpkgRecord {
  fs::path path;
  std::string md5;
};

std::optional<DpkgRecord> dpkg_record(const std::string& package, const std::string& file) {
  for (const char* suffix : {"", ":amd64", ":all"}) {
    auto list = read_file("/var/lib/dpkg/info/" + package + suffix + ".md5sums");
    if (!list) continue;
    std::istringstream lines(*list);
    for (std::string md5, path; lines >> md5 >> path;)
      if (fs::path(path).filename() == file) return DpkgRecord{"/" + path, md5};
  }
  return std::nullopt;
}

struct Lookup {
  const Recipe& recipe;
  const std::vector<fs::path>& dirs;
  std::vector<std::string> problems;

  std::optional<fs::path> find(const std::string& file, int line) {
    std::string looked;
    for (const fs::path& dir : dirs) {
      if (fs::is_regular_file(dir / file)) return dir / file;
      looked += dir.string() + ", ";
    }
    if (fs::is_regular_file(recipe.dir / file)) return recipe.dir / file;
    problems.push_back(recipe.file.string() + ":" + std::to_string(line) + ": source " + file + ": not found (looked in " +
                       looked + recipe.dir.string() + ")");
    return std::nullopt;
  }

  // A source installed by a Debian package is checked against dpkg's record of that package.
  std::optional<LocatedFile> verify_installed(const Source& s) {
    const auto record = dpkg_record(s.installed_by, s.file);
    if (!record) {
      problems.push_back(recipe.file.string() + ":" + std::to_string(s.line) + ": source " + s.file +
                         ": comes from the Debian package " + s.installed_by + ", which is not installed (apt-get install " +
                         s.installed_by + ")");
      return std::nullopt;
    }
    for (const fs::path& dir : dirs)
      if (fs::is_regular_file(dir / s.file)) return verify(s.file, s.line, s.sha256, {record->md5}, s.stand_in_sha256);
    const std::vector<fs::path> recorded_dir = {record->path.parent_path()};
    Lookup at_record{recipe, recorded_dir, {}};
    auto found = at_record.verify(s.file, s.line, s.sha256, {record->md5}, s.stand_in_sha256);
    problems.insert(problems.end(), at_record.problems.begin(), at_record.problems.end());
    return found;
  }

  std::optional<LocatedFile> verify(const std::string& file, int line, const std::vector<std::string>& sha256,
                                    const std::vector<std::string>& md5, const std::vector<std::string>& stand_in) {
    const auto path = find(file, line);
    if (!path) return std::nullopt;
    auto actual = sha256_file_hex(*path);
    if (!actual) {
      problems.push_back(actual.error().message);
      return std::nullopt;
    }
    if (contains(sha256, *actual)) return LocatedFile{*path, *actual, false};
    if (contains(stand_in, *actual)) return LocatedFile{*path, *actual, true};
    if (!md5.empty()) {
      auto actual_md5 = md5_file_hex(*path);
      if (actual_md5 && contains(md5, *actual_md5)) return LocatedFile{*path, *actual, false};
    }
    // Each accepted checksum named by its kind: a legacy or dpkg-recorded source may have only an md5.
    std::string expected;
    const auto add = [&expected](const char* kind, const std::vector<std::string>& sums) {
      if (!sums.empty()) expected += (expected.empty() ? "" : " or ") + std::string(kind) + either(sums);
    };
    add("sha256 ", sha256);
    add("md5 ", md5);
    add("stand-in sha256 ", stand_in);
    problems.push_back(path->string() + ": checksum mismatch: expected " + expected + ", actual sha256 " + *actual +
                       " (" + recipe.file.string() + ":" + std::to_string(line) + ")");
    return std::nullopt;
  }
};

}  // namespace

Expected<LocatedSources> locate_sources(const Recipe& recipe, const std::vector<fs::path>& source_dirs) {
  Lookup lookup{recipe, source_dirs, {}};
  LocatedSources found;
  for (const Source& s : recipe.sources) {
    auto f = s.installed_by.empty() ? lookup.verify(s.file, s.line, s.sha256, s.md5, s.stand_in_sha256)
                                    : lookup.verify_installed(s);
    if (f) found.sources.push_back(*f);
  }
  for (const Patch& p : recipe.patches)
    if (auto f = lookup.verify(p.file, p.line, p.sha256, {}, {})) found.patches.push_back(*f);
  if (!lookup.problems.empty()) {
    std::string all;
    for (const auto& p : lookup.problems) append_line(all, p);
    return bad_input(all);
  }
  return found;
}

}  // namespace ssi::recipe
