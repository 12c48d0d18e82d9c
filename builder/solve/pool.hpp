#pragma once
// RAII owners for libsolv's Pool and Queue, set up for RPM semantics (or dpkg's, for a Debian
// archive's own package index).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "solve/libsolv.hpp"

namespace ssi::solve {

class Pool {
 public:
  enum class Semantics { rpm, deb };
  // Debian builds libsolv with dpkg semantics by default: a Pool here is an RPM pool unless it
  // says otherwise.
  explicit Pool(const std::string& arch = "x86_64", Semantics semantics = Semantics::rpm);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  ::Pool* get() const { return pool_; }
  ::Repo* add_repo(const std::string& name, int priority = 0);
  // Call once every repository is loaded: file provides and the whatprovides index.
  // Does nothing when no repository was added since the last call.
  void prepare();
  // The file dependencies that prepare() turned into provides (cached with a repository, they
  // spare the next run the search through every file list).
  const std::vector<Id>& added_file_provides() const { return added_file_provides_; }
  std::string_view id2str(Id id) const { return pool_id2str(pool_, id); }
  std::string solvable_str(Id p) const { return pool_solvid2str(pool_, p); }
  // The map of solvables the solver may use (all, until something is cleared); owned here
  // because pool_free() leaves it alone.
  Map& considered();

 private:
  ::Pool* pool_;
  Map considered_{};
  bool prepared_ = false;
  std::vector<Id> added_file_provides_;
};

struct SolverFree {
  void operator()(Solver* s) const { solver_free(s); }
};
struct TransactionFree {
  void operator()(Transaction* t) const { transaction_free(t); }
};
using SolverPtr = std::unique_ptr<Solver, SolverFree>;
using TransactionPtr = std::unique_ptr<Transaction, TransactionFree>;

class IdQueue {
 public:
  IdQueue() { queue_init(&q_); }
  ~IdQueue() { queue_free(&q_); }
  IdQueue(const IdQueue&) = delete;
  IdQueue& operator=(const IdQueue&) = delete;

  ::Queue* get() { return &q_; }
  int size() const { return q_.count; }
  Id operator[](int i) const { return q_.elements[i]; }
  void push(Id id) { queue_push(&q_, id); }
  void push2(Id a, Id b) { queue_push2(&q_, a, b); }
  void clear() { queue_empty(&q_); }
  const Id* begin() const { return q_.elements; }
  const Id* end() const { return q_.elements + q_.count; }

 private:
  ::Queue q_;
};

}  // namespace ssi::solve
