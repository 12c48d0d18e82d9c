#pragma once
// Loading a distribution's metadata into libsolv (two CentOS Stream 9 repositories: 16,000
// packages) touches about 25 MiB that libsolv grows by realloc. Touched 4 KiB at a time that is
// 5,000 page faults, and on a virtual machine a page fault costs more than the parse around it:
// they were half of a warm `resolve`. One huge-page-advised heap turns them into a few hundred
// (docs/performance.md, "the warm resolve").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ssi {

// The part of the heap advised for huge pages; empty when the allocator is not glibc's brk heap
// (a sanitizer's allocator, another libc) or the kernel refused: then nothing was changed.
struct HeapRange {
  std::uintptr_t begin = 0;
  std::uintptr_t end = 0;
  std::size_t size() const { return end - begin; }
};

// Keeps allocations of up to 32 MiB on the brk heap, grows it by `reserve` now and advises that
// growth for transparent huge pages. For a process's start, before its threads.
HeapRange use_huge_page_heap(std::size_t reserve = std::size_t{64} << 20);

// A GLIBC_TUNABLES value that asks glibc's malloc for huge pages, for a child process: glibc
// reads it only when a process starts. `existing` is the caller's own value, kept; a hugetlb
// setting already in it stands.
std::string tunables_with_huge_pages(std::string_view existing);

}  // namespace ssi
