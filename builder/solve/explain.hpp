#pragma once
// Plain-words explanations from libsolv: why each package is in the transaction, and what
// each problem is, with every rule of its chain and the solutions libsolv proposes.
#include <vector>

#include "solve/libsolv.hpp"
#include "solve/resolution.hpp"

namespace ssi::solve {

Reason describe_reason(Solver* solver, Id package);
// "requested", "needed by NEVRA for CAPABILITY", "recommended by NEVRA (CAPABILITY)".
std::string reason_text(const Reason& reason);
// Solutions cost a solver run each: WithSolutions::no when nobody will read them.
enum class WithSolutions { yes, no };
std::vector<Problem> describe_problems(Solver* solver, WithSolutions with = WithSolutions::yes);
// Positions in the job queue (of the `how` element) of the jobs that take part in a problem.
std::vector<int> jobs_in_problem(Solver* solver, Id problem);

}  // namespace ssi::solve
