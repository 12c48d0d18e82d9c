#include "util/huge_page_heap.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace ssi {
namespace {

// The VmFlags line of the mapping of /proc/self/smaps that holds `address`.
std::string vm_flags_at(std::uintptr_t address) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0, to = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> from >> dash >> to && dash == '-') inside = from <= address && address < to;
    else if (inside && line.starts_with("VmFlags:")) return line;
  }
  return "";
}

TEST(HugePageHeap, AdvisesTheHeapThatLaterAllocationsComeFrom) {
  const HeapRange heap = use_huge_page_heap();
  if (heap.size() == 0) GTEST_SKIP() << "glibc's brk heap could not be grown or advised for huge pages here";
  EXPECT_GE(heap.size(), std::size_t{32} << 20);
  EXPECT_EQ(heap.begin % (std::uintptr_t{2} << 20), 0u);
  EXPECT_NE(vm_flags_at(heap.begin).find(" hg"), std::string::npos) << vm_flags_at(heap.begin);
  // A pool-sized array (libsolv's grow by realloc) lands on that heap, not in an mmap of its own.
  void* array = std::malloc(std::size_t{8} << 20);
  const auto at = reinterpret_cast<std::uintptr_t>(array);
  std::free(array);
  EXPECT_TRUE(at >= heap.begin - (std::uintptr_t{2} << 20) && at < heap.end) << std::hex << at;
}

TEST(HugePageHeap, AChildsTunablesAskForHugePagesAndKeepTheCallersOwn) {
  EXPECT_EQ(tunables_with_huge_pages(""), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(tunables_with_huge_pages("glibc.malloc.arena_max=2"), "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
  EXPECT_EQ(tunables_with_huge_pages("glibc.malloc.hugetlb=0"), "glibc.malloc.hugetlb=0");
}

}  // namespace
}  // namespace ssi
