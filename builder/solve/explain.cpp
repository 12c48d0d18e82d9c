#include "solve/explain.hpp"

#include <algorithm>

#include "solve/pool.hpp"

namespace ssi::solve {
namespace {

Reason from_rule(Solver* solver, Id rule) {
  ::Pool* pool = solver->pool;
  Id source = 0, target = 0, dep = 0;
  const SolverRuleinfo type = solver_ruleinfo(solver, rule, &source, &target, &dep);
  if (type == SOLVER_RULE_JOB || type == SOLVER_RULE_JOB_PROVIDED_BY_SYSTEM) return {Reason::Type::requested, "", ""};
  Reason reason{Reason::Type::dependency, "", ""};
  if (source > 0) reason.by = pool_solvid2str(pool, source);
  if (dep) reason.capability = pool_dep2str(pool, dep);
  return reason;
}

Reason from_weak_dependency(Solver* solver, Id package) {
  ::Pool* pool = solver->pool;
  IdQueue why;
  solver_describe_weakdep_decision(solver, package, why.get());
  Reason reason{Reason::Type::recommended, "", ""};
  // Triples (type, package, dependency): take the first, the one that decided.
  if (why.size() >= 3) {
    if (why[1] > 0) reason.by = pool_solvid2str(pool, why[1]);
    if (why[2]) reason.capability = pool_dep2str(pool, why[2]);
  }
  return reason;
}

void add_unique(std::vector<std::string>& list, std::string text) {
  if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(std::move(text));
}

std::vector<std::string> solutions_of(Solver* solver, Id problem) {
  std::vector<std::string> out;
  for (Id s = 1, count = solver_solution_count(solver, problem); s <= count; ++s) {
    std::string text;
    Id element = 0, p = 0, rp = 0;
    while ((element = solver_next_solutionelement(solver, problem, s, element, &p, &rp)) != 0) {
      if (!text.empty()) text += "; ";
      text += solver_solutionelement2str(solver, p, rp);
    }
    if (!text.empty()) out.push_back(text);
  }
  return out;
}

}  // namespace

Reason describe_reason(Solver* solver, Id package) {
  Id info = 0;
  switch (solver_describe_decision(solver, package, &info)) {
    case SOLVER_REASON_RESOLVE_JOB: return {Reason::Type::requested, "", ""};
    case SOLVER_REASON_WEAKDEP: return from_weak_dependency(solver, package);
    case SOLVER_REASON_UNIT_RULE:
    case SOLVER_REASON_RESOLVE:
      if (info > 0) return from_rule(solver, info);
      break;
    default: break;
  }
  return {Reason::Type::dependency, "", ""};
}

std::vector<Problem> describe_problems(Solver* solver, WithSolutions with) {
  std::vector<Problem> problems;
  for (Id i = 1, count = solver_problem_count(solver); i <= count; ++i) {
    Problem problem;
    problem.summary = solver_problem2str(solver, i);
    IdQueue rules;
    solver_findallproblemrules(solver, i, rules.get());
    for (Id rule : rules) {
      Id source = 0, target = 0, dep = 0;
      const SolverRuleinfo type = solver_ruleinfo(solver, rule, &source, &target, &dep);
      add_unique(problem.details, solver_problemruleinfo2str(solver, type, source, target, dep));
    }
    if (with == WithSolutions::yes) problem.solutions = solutions_of(solver, i);
    problems.push_back(std::move(problem));
  }
  return problems;
}

std::vector<int> jobs_in_problem(Solver* solver, Id problem) {
  std::vector<int> jobs;
  IdQueue rules;
  solver_findallproblemrules(solver, problem, rules.get());
  for (Id rule : rules)
    if (solver_ruleclass(solver, rule) == SOLVER_RULE_JOB) jobs.push_back(solver_rule2jobidx(solver, rule));
  return jobs;
}

std::string reason_text(const Reason& r) {
  switch (r.type) {
    case Reason::Type::requested: return "requested";
    case Reason::Type::recommended: return "recommended by " + r.by + (r.capability.empty() ? "" : " (" + r.capability + ")");
    case Reason::Type::dependency:
      if (r.by.empty()) return "dependency";
      return "needed by " + r.by + (r.capability.empty() ? "" : " for " + r.capability);
  }
  return "";
}

}  // namespace ssi::solve
