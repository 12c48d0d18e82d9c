#include "util/huge_page_heap.hpp"

#include <cstdlib>

#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace ssi {

HeapRange use_huge_page_heap(std::size_t reserve) {
#ifdef __GLIBC__
  constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;
  // 32 MiB is glibc's ceiling for this setting; above the default 128 KiB, libsolv's growing
  // arrays would each get an mmap of their own, outside the advised heap.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TOP_PAD, static_cast<int>(reserve));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * reserve));
  const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
  // volatile: a compiler may drop an unused malloc/free pair, and with it the growth.
  void* volatile grow = std::malloc(1 << 20);
  std::free(grow);
  const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t begin = (before + huge_page - 1) & ~(huge_page - 1);
  if (after < begin + huge_page) return {};
  if (madvise(reinterpret_cast<void*>(begin), after - begin, MADV_HUGEPAGE) != 0) return {};
  return {begin, after};
#else
  (void)reserve;
  return {};
#endif
}

std::string tunables_with_huge_pages(std::string_view existing) {
  constexpr std::string_view setting = "glibc.malloc.hugetlb=1";
  if (existing.find("glibc.malloc.hugetlb=") != std::string_view::npos) return std::string(existing);
  return existing.empty() ? std::string(setting) : std::string(existing) + ":" + std::string(setting);
}

}  // namespace ssi
