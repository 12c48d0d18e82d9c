#include "solve/pool.hpp"

namespace ssi::solve {

Pool::Pool(const std::string& arch, Semantics semantics) : pool_(pool_create()) {
  pool_setdisttype(pool_, semantics == Semantics::deb ? DISTTYPE_DEB : DISTTYPE_RPM);
  pool_setarch(pool_, arch.c_str());
}

Pool::~Pool() {
  pool_->considered = nullptr;
  pool_free(pool_);
  map_free(&considered_);
}

Map& Pool::considered() {
  if (!pool_->considered) {
    map_init(&considered_, pool_->nsolvables);
    map_setall(&considered_);
    pool_->considered = &considered_;
  }
  return considered_;
}

::Repo* Pool::add_repo(const std::string& name, int priority) {
  ::Repo* repo = repo_create(pool_, name.c_str());
  repo->priority = priority;
  prepared_ = false;
  return repo;
}

void Pool::prepare() {
  if (prepared_) return;
  Queue added;
  queue_init(&added);
  pool_addfileprovides_queue(pool_, &added, nullptr);
  added_file_provides_.assign(added.elements, added.elements + added.count);
  queue_free(&added);
  pool_createwhatprovides(pool_);
  prepared_ = true;
}

}  // namespace ssi::solve
