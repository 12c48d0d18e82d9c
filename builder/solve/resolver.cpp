#include "solve/resolver.hpp"

#include <set>

#include "rpm/rpm_config.hpp"
#include "solve/explain.hpp"
#include "solve/jobs.hpp"
#include "util/fs.hpp"
#include "util/kept_allocations.hpp"

namespace ssi::solve {
namespace fs = std::filesystem;
namespace {

std::string where(const Spec& spec) { return spec.origin.empty() ? "" : " (" + spec.origin + ")"; }

// Pass: specs that match nothing are reported all at once, before any solving.
void check_unknown(const Request& request, const JobSet& jobs, std::vector<bool>& skip, Resolution& result) {
  for (std::size_t i : jobs.unknown) {
    const Spec& spec = request.specs[i];
    const std::string message = "package " + spec.text + " does not exist" + where(spec);
    if (request.on_unknown == OnUnknown::warn) result.warnings.push_back(message + ": skipped");
    else result.problems.push_back({message, {}, {}});
    skip[i] = true;
  }
}

SolverPtr make_solver(Pool& pool, const Request& request) {
  SolverPtr solver(solver_create(pool.get()));
  if (request.recommends == Recommends::ignore) solver_set_flag(solver.get(), SOLVER_FLAG_IGNORE_RECOMMENDED, 1);
  return solver;
}

// The problem and the first rules behind it, on one readable line (--json has them all).
std::string chain(const Problem& problem) {
  constexpr std::size_t kShown = 3;
  std::string text = problem.summary;
  std::size_t shown = 0, more = 0;
  for (const auto& detail : problem.details) {
    if (detail == problem.summary || detail == "conflicting requests") continue;
    if (shown < kShown) {
      text += "; " + detail;
      ++shown;
    } else {
      ++more;
    }
  }
  if (more) text += "; and " + std::to_string(more) + " more";
  return text;
}

// Pass: drop every request that takes part in a problem, name it with its problem, solve again
// (dnf's --skip-broken). Stops when a problem involves no request that could be dropped.
bool drop_broken(Solver* solver, const Request& request, const JobSet& jobs, std::vector<bool>& skip,
                 Resolution& result) {
  const std::vector<Problem> problems = describe_problems(solver, WithSolutions::no);
  bool dropped = false;
  for (Id i = 1; i <= static_cast<Id>(problems.size()); ++i) {
    for (int job_index : jobs_in_problem(solver, i)) {
      const int spec = jobs.spec_of_pair[static_cast<std::size_t>(job_index / 2)];
      if (skip[static_cast<std::size_t>(spec)]) continue;
      skip[static_cast<std::size_t>(spec)] = true;
      dropped = true;
      const Spec& s = request.specs[static_cast<std::size_t>(spec)];
      result.warnings.push_back("skipped broken request " + s.text + where(s) + ": " + chain(problems[i - 1]));
    }
  }
  return dropped;
}

Step make_step(Solver* solver, Id p) {
  ::Pool* pool = solver->pool;
  Solvable* s = pool_id2solvable(pool, p);
  Step step;
  step.name = pool_id2str(pool, s->name);
  std::string evr = pool_id2str(pool, s->evr);
  if (const auto colon = evr.find(':'); colon != std::string::npos) {
    step.epoch = evr.substr(0, colon);
    evr.erase(0, colon + 1);
  }
  const auto dash = evr.rfind('-');
  step.version = evr.substr(0, dash);
  if (dash != std::string::npos) step.release = evr.substr(dash + 1);
  step.arch = pool_id2str(pool, s->arch);
  step.repo = s->repo->name ? s->repo->name : "";
  if (const char* location = solvable_lookup_location(s, nullptr)) step.location = location;
  step.download_size = solvable_lookup_num(s, SOLVABLE_DOWNLOADSIZE, 0);
  step.install_size = solvable_lookup_num(s, SOLVABLE_INSTALLSIZE, 0);
  step.buildtime = static_cast<std::int64_t>(solvable_lookup_num(s, SOLVABLE_BUILDTIME, 0));
  Id checksum_type = 0;
  if (const char* sum = solvable_lookup_checksum(s, SOLVABLE_CHECKSUM, &checksum_type)) step.checksum = sum;
  step.reason = describe_reason(solver, p);
  return step;
}

// Pass: the transaction in libsolv's install order, each package with why it is there.
// A package a spec names is "requested" even when another package's requirement decided it first.
void fill_transaction(Solver* solver, JobSet& jobs, Resolution& result) {
  ::Pool* pool = solver->pool;
  IdQueue named;
  selection_solvables(pool, jobs.job.get(), named.get());
  const std::set<Id> requested(named.begin(), named.end());
  TransactionPtr transaction(solver_create_transaction(solver));
  transaction_order(transaction.get(), 0);
  for (int i = 0; i < transaction->steps.count; ++i) {
    const Id p = transaction->steps.elements[i];
    if (pool->installed && pool_id2solvable(pool, p)->repo == pool->installed) continue;  // erased or replaced
    result.steps.push_back(make_step(solver, p));
    if (requested.count(p)) result.steps.back().reason = {Reason::Type::requested, "", ""};
    result.download_size += result.steps.back().download_size;
    result.install_size += result.steps.back().install_size;
  }
}

Status write_testcase(Solver* solver, const fs::path& dir) {
  if (auto made = ensure_directory(dir); !made) return made;
  if (!testcase_write(solver, dir.c_str(), TESTCASE_RESULT_TRANSACTION | TESTCASE_RESULT_PROBLEMS, nullptr, nullptr))
    return step_failed(dir.string() + ": cannot write the testcase: " + pool_errstr(solver->pool));
  return success();
}

}  // namespace

Status load_installed(Pool& pool, const fs::path& root) {
  rpm::ensure_configured();
  if (!fs::is_directory(root)) return bad_input(root.string() + ": not a directory (an image root was expected)");
  ::Repo* repo = pool.add_repo("@System");
  pool_set_installed(pool.get(), repo);
  if (!fs::exists(root / "var/lib/rpm")) return success();  // an empty root: nothing installed yet
  pool_set_rootdir(pool.get(), fs::absolute(root).c_str());
  int read = 0;
  {
    KeptForTheProcess kept;  // libsolvext keeps the joined root and database path it opened
    read = repo_add_rpmdb(repo, nullptr, REPO_USE_ROOTDIR);
  }
  if (read != 0)
    return bad_input(root.string() + ": cannot read its rpm database: " + pool_errstr(pool.get()));
  return success();
}

Expected<Resolution> resolve(Pool& pool, const Request& request) {
  apply_excludes(pool, request.excludes);
  pool.prepare();
  Resolution result;
  std::vector<bool> skip(request.specs.size(), false);
  JobSet jobs;
  build_jobs(pool, request.specs, skip, jobs);
  check_unknown(request, jobs, skip, result);
  if (!result.ok()) return result;

  SolverPtr solver;
  for (;;) {
    build_jobs(pool, request.specs, skip, jobs);
    solver = make_solver(pool, request);
    if (solver_solve(solver.get(), jobs.job.get()) == 0) break;
    if (request.on_broken == OnBroken::fail || !drop_broken(solver.get(), request, jobs, skip, result)) {
      result.problems = describe_problems(solver.get());
      break;
    }
  }
  if (request.testcase_dir)
    if (auto written = write_testcase(solver.get(), *request.testcase_dir); !written) return written.error();
  if (result.ok()) fill_transaction(solver.get(), jobs, result);
  return result;
}

const char* reason_type_name(Reason::Type type) {
  switch (type) {
    case Reason::Type::requested: return "requested";
    case Reason::Type::dependency: return "dependency";
    case Reason::Type::recommended: return "recommended";
  }
  return "dependency";
}

std::string Step::nevra() const {
  return name + "-" + (epoch.empty() || epoch == "0" ? "" : epoch + ":") + version + "-" + release + "." + arch;
}

}  // namespace ssi::solve
