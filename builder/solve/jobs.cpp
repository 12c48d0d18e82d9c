#include "solve/jobs.hpp"

#include <fnmatch.h>

namespace ssi::solve {

void apply_excludes(Pool& pool, const std::vector<std::string>& globs) {
  if (globs.empty()) return;
  ::Pool* p = pool.get();
  Map& considered = pool.considered();
  for (Id id = 2; id < p->nsolvables; ++id) {
    const Solvable* s = pool_id2solvable(p, id);
    if (!s->repo) continue;
    const char* name = pool_id2str(p, s->name);
    for (const std::string& glob : globs)
      if (fnmatch(glob.c_str(), name, 0) == 0) MAPCLR(&considered, id);
  }
}

void build_jobs(Pool& pool, const std::vector<Spec>& specs, const std::vector<bool>& skip, JobSet& out) {
  out.job.clear();
  out.spec_of_pair.clear();
  out.unknown.clear();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (skip[i]) continue;
    const std::string& text = specs[i].text;
    // The same matching dnf does: names, globs, name.arch, "name op evr", provides, file paths.
    int flags = SELECTION_NAME | SELECTION_PROVIDES | SELECTION_GLOB | SELECTION_DOTARCH | SELECTION_REL |
                SELECTION_CANON;
    if (text.starts_with('/')) flags |= SELECTION_FILELIST;
    IdQueue selection;
    selection_make(pool.get(), selection.get(), text.c_str(), flags);
    if (selection.size() == 0) {
      out.unknown.push_back(i);
      continue;
    }
    for (int k = 0; k < selection.size(); k += 2) {
      out.job.push2(selection[k] | SOLVER_INSTALL, selection[k + 1]);
      out.spec_of_pair.push_back(static_cast<int>(i));
    }
  }
}

}  // namespace ssi::solve
