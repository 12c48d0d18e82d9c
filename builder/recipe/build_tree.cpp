#include "recipe/build_tree.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "repo/repository.hpp"
#include "solve/query.hpp"
#include "util/fs.hpp"

namespace ssi::recipe {
namespace fs = std::filesystem;
namespace {

bool on_path(const std::string& tool, const fs::path& root) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && ::access((root.empty() ? fs::path(dir) / tool : root / fs::path(dir).relative_path() / tool).c_str(), X_OK) == 0)
      return true;
  return false;
}

}  // namespace

Status check_requirements(const Recipe& r, const fs::path& repo, const fs::path& build_root) {
  std::vector<std::string> missing;
  for (const auto& tool : r.build_tools)
    if (!on_path(tool, build_root))
      missing.push_back("tool " + tool + (build_root.empty() ? " (not on PATH)" : " (not in the build root " + build_root.string() + ")"));
  // The build runs on this host, not in an RPM build root: a required package must be in the
  // repository (to be packaged against), its own dependencies are the host's business.
  if (!r.build_requires.empty()) {
    solve::Pool pool;
    auto opened = repo::open_repository(pool, {repo, 0}, {}, solve::SolvContent::resolve_only);
    if (!opened) return opened.error();
    for (const auto& req : r.build_requires)
      if (solve::what_provides(pool, req).empty()) missing.push_back("package " + req + " (not in " + repo.string() + ")");
  }
  if (missing.empty()) return success();
  std::string text = r.file.string() + ": build requirements missing:";
  for (const auto& m : missing) text += "\n  " + m;
  return Error{ExitCode::unresolvable, text};
}

Expected<fs::path> prepare_topdir(const Recipe& r, const LocatedSources& sources, const std::string& spec,
                                  const fs::path& top) {
  std::error_code ec;
  fs::remove_all(top, ec);
  for (const char* sub : {"BUILD", "RPMS", "SOURCES", "SPECS", "SRPMS", "BUILDROOT", "tmp"})
    if (auto ok = ensure_directory(top / sub); !ok) return ok.error();
  std::error_code walk;
  for (fs::recursive_directory_iterator it(r.dir, walk), end; it != end; it.increment(walk))
    if (it->is_regular_file() && it->path() != r.file)
      if (auto ok = copy_file_atomic(it->path(), top / "SOURCES" / it->path().lexically_relative(r.dir)); !ok) return ok.error();
  if (walk) return step_failed(r.file.string() + ": the recipe's folder " + r.dir.string() + " cannot be read: " + walk.message());
  for (const auto& s : sources.sources)
    if (auto ok = copy_file_atomic(s.path, top / "SOURCES" / s.path.filename()); !ok) return ok.error();
  for (const auto& p : sources.patches)
    if (auto ok = copy_file_atomic(p.path, top / "SOURCES" / p.path.filename()); !ok) return ok.error();
  const fs::path spec_file = top / "SPECS" / (r.name + ".spec");
  if (auto ok = write_file_atomic(spec_file, spec); !ok) return ok.error();
  return spec_file;
}

std::vector<fs::path> built_packages(const fs::path& top) {
  std::vector<fs::path> found;
  for (const char* dir : {"RPMS", "SRPMS"})
    for (const auto& e : fs::recursive_directory_iterator(top / dir))
      if (e.is_regular_file() && e.path().extension() == ".rpm") found.push_back(e.path());
  std::sort(found.begin(), found.end());
  return found;
}

Expected<std::vector<std::string>> publish(const fs::path& top, const fs::path& repo) {
  std::vector<std::string> outputs;
  for (const auto& f : built_packages(top)) {
    // Binaries at the repository's root, source packages in SRPMS/.
    const bool source = f.lexically_relative(top).begin()->string() == "SRPMS";
    const fs::path relative = fs::path(source ? "SRPMS" : "") / f.filename();
    if (auto ok = copy_file_atomic(f, repo / relative); !ok) return ok.error();
    outputs.push_back(relative.generic_string());
  }
  return outputs;
}

}  // namespace ssi::recipe
