#include "support/testtags.hpp"

#include <cstdio>
#include <stdexcept>

namespace ssi::test {

::Repo* add_testtags_repo(solve::Pool& pool, const std::string& name, int priority, const std::string& testtags) {
  ::Repo* repo = pool.add_repo(name, priority);
  std::string text = "=Ver: 2.0\n" + testtags;
  FILE* f = ::fmemopen(text.data(), text.size(), "r");
  if (!f) throw std::runtime_error("fmemopen failed");
  testcase_add_testtags(repo, f, 0);
  std::fclose(f);
  return repo;
}

}  // namespace ssi::test
