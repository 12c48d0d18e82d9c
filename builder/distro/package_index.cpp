#include "distro/package_index.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "solve/explain.hpp"
#include "solve/pool.hpp"
#include "solve/record_loader.hpp"
#include "util/c_file.hpp"
#include "util/fs.hpp"
#include "util/subprocess.hpp"
#include "util/text.hpp"

namespace ssi::distro {
namespace fs = std::filesystem;
namespace {

constexpr const char* kConverter = "ssi-oscar-packages2solv";

// $SSI_OSCAR_PACKAGES2SOLV, else the converter installed beside the running program (the build
// tree's layout too), else on PATH.
std::string converter() {
  if (const char* given = std::getenv("SSI_OSCAR_PACKAGES2SOLV"); given && *given) return given;
  std::error_code ec;
  const fs::path beside = fs::read_symlink("/proc/self/exe", ec).parent_path() / kConverter;
  if (!ec && fs::is_regular_file(beside, ec)) return beside.string();
  return program_available(kConverter) ? kConverter : "";
}

// INDEX.solv, made once per index (its name holds its digest) by the converter in a process of
// its own; false when there is no converter or it failed, and the index is parsed here instead.
bool add_converted(::Repo* repo, const fs::path& index) {
  const fs::path solv = index.string() + ".solv";
  std::error_code ec;
  if (!fs::is_regular_file(solv, ec)) {
    const std::string program = converter();
    if (program.empty()) return false;
    const fs::path partial = temporary_name(solv, "tmp");
    auto run = run_process({program, index.string(), partial.string()}, partial.string() + ".log");
    const bool converted = run && run->exit_code == 0;
    if (converted) fs::rename(partial, solv, ec);
    fs::remove(partial, ec);
    fs::remove(partial.string() + ".log", ec);
    if (!converted || ec) return false;
  }
  if (solve::read_solv_file(repo, solv)) return true;
  fs::remove(solv, ec);  // damaged: the index itself is read instead
  return false;
}

Status add_index(::Repo* repo, const fs::path& index) {
  if (add_converted(repo, index)) return success();
  // solv_xfopen picks the decompressor from the name (.xz, .gz, none).
  CFile in(solv_xfopen(index.c_str(), "r"));
  if (!in) return bad_input(index.string() + ": cannot be opened");
  if (repo_add_debpackages(repo, in.get(), 0) != 0)
    return bad_input(index.string() + ": not a Packages file: " + pool_errstr(repo->pool));
  return success();
}

// Frees the repository's other packages: nothing else of a borrowing suite may satisfy a dependency.
void keep_only(::Repo* repo, const std::vector<std::string>& names) {
  Id p = 0;
  Solvable* s = nullptr;
  std::vector<Id> dropped;
  FOR_REPO_SOLVABLES(repo, p, s) {
    if (std::find(names.begin(), names.end(), pool_id2str(repo->pool, s->name)) == names.end()) dropped.push_back(p);
  }
  for (const Id id : dropped) repo_free_solvable(repo, id, 1);
}

}  // namespace

Expected<std::vector<ArchivePackage>> resolve_closure(const std::vector<PackageSource>& sources, const std::string& arch,
                                                      const std::vector<std::string>& names, const std::string& where) {
  solve::Pool pool(arch, solve::Pool::Semantics::deb);
  std::vector<::Repo*> repos;
  for (const auto& source : sources) {
    repos.push_back(pool.add_repo(source.name));
    for (const auto& index : source.indexes)
      if (auto ok = add_index(repos.back(), index); !ok) return ok.error();
    if (!source.only.empty()) keep_only(repos.back(), source.only);
  }
  pool.prepare();

  solve::IdQueue jobs;
  std::string unknown;
  for (const auto& name : names) {
    const Id id = pool_str2id(pool.get(), name.c_str(), 0);
    // A name nothing provides (no package, no virtual package) is the user's mistake, not a conflict.
    if (!id || !pool.get()->whatprovidesdata[pool_whatprovides(pool.get(), id)]) {
      append_line(unknown, where + ": no package or virtual package named " + name);
      continue;
    }
    jobs.push2(SOLVER_INSTALL | SOLVER_SOLVABLE_PROVIDES, id);
  }
  if (!unknown.empty()) return Error{ExitCode::unresolvable, unknown};

  solve::SolverPtr solver(solver_create(pool.get()));
  solver_set_flag(solver.get(), SOLVER_FLAG_IGNORE_RECOMMENDED, 1);
  if (solver_solve(solver.get(), jobs.get()) != 0) {
    std::string text;
    for (const auto& problem : solve::describe_problems(solver.get(), solve::WithSolutions::no)) {
      append_line(text, where + ": " + problem.summary);
      for (const auto& detail : problem.details) append_line(text, "  " + detail);
    }
    return Error{ExitCode::unresolvable, text};
  }
  solve::IdQueue chosen;
  solver_get_decisionqueue(solver.get(), chosen.get());
  std::vector<ArchivePackage> packages;
  for (const Id decision : chosen) {
    if (decision <= 0) continue;
    const Solvable* s = pool_id2solvable(pool.get(), decision);
    const auto from = std::find(repos.begin(), repos.end(), s->repo);
    if (from == repos.end()) continue;
    ArchivePackage p;
    p.source = static_cast<std::size_t>(from - repos.begin());
    p.name = pool_id2str(pool.get(), s->name);
    p.version = pool_id2str(pool.get(), s->evr);
    p.arch = pool_id2str(pool.get(), s->arch);
    unsigned medium = 0;
    const char* location = solvable_lookup_location(const_cast<Solvable*>(s), &medium);
    p.filename = location ? location : "";
    Id type = 0;
    const char* digest = solvable_lookup_checksum(const_cast<Solvable*>(s), SOLVABLE_CHECKSUM, &type);
    if (digest && type == REPOKEY_TYPE_SHA256) p.sha256 = digest;
    p.reason = solve::reason_text(solve::describe_reason(solver.get(), decision));
    if (p.sha256.empty()) return bad_input(where + ": package " + p.name + " " + p.version + " has no SHA256 in the index");
    packages.push_back(std::move(p));
  }
  std::sort(packages.begin(), packages.end(), [](const ArchivePackage& a, const ArchivePackage& b) { return a.name < b.name; });
  return packages;
}

}  // namespace ssi::distro
