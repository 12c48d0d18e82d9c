#pragma once
// Solver cases as a few lines of libsolv's testtags format, loaded straight into a pool:
// the in-memory seam for resolver unit tests (no RPM files needed).
#include <string>

#include "solve/pool.hpp"

namespace ssi::test {

::Repo* add_testtags_repo(solve::Pool& pool, const std::string& name, int priority, const std::string& testtags);

}  // namespace ssi::test
