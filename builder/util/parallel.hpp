#pragma once
// Runs f(i) for i in [0, count) on `jobs` threads; each index runs exactly once. When f throws,
// no further index starts, and the first exception reaches the caller once every thread stopped.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ssi {

inline unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

template <class F>
void parallel_for(std::size_t count, unsigned jobs, F&& f) {
  jobs = static_cast<unsigned>(std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(count, 1)));
  if (jobs == 1) {
    for (std::size_t i = 0; i < count; ++i) f(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  // An exception leaving a thread's function ends the program (std::bad_alloc while rendering
  // one package's metadata would take the whole index down without a word).
  auto worker = [&] {
    try {
      for (std::size_t i; (i = next.fetch_add(1)) < count;) f(i);
    } catch (...) {
      next = count;
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
    worker();
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace ssi
