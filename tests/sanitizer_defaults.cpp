// Sanitizer settings built into the binaries of a sanitized build (SSI_OSCAR_SANITIZE=ON): the
// test binary and the ssi-oscar it runs get them however they are started, ctest or by hand.
extern "C" {

// Malloc stacks through frame pointers, AddressSanitizer's default: the exact unwinder made every
// allocation of librpm and libsolv costly (a metadata plan took minutes). Memory those libraries
// keep on purpose is left out of the leak check where it is allocated (util/kept_allocations.hpp);
// the suppressions below match when the stack is deep enough to show the frame.
const char* __asan_default_options() { return "fast_unwind_on_malloc=1"; }

const char* __lsan_default_options() { return "print_suppressions=0"; }

// Memory the libraries keep on purpose, not leaks of ours.
const char* __lsan_default_suppressions() {
  return
      // librpm keeps its macro and configuration tables for the whole process by design.
      "leak:rpmReadConfigFiles\n"
      "leak:rpmInitMacros\n"
      // librpm drops a half-opened sqlite database when opening it fails (a full disk). The
      // fast unwinder's stack may stop inside sqlite, which only librpm uses here.
      "leak:rpmtsOpenDB\n"
      "leak:libsqlite3.so\n"
      // libsolvext's rpmdb reader keeps the joined root/dbpath string it opens the database with.
      "leak:repo_add_rpmdb\n";
}

const char* __ubsan_default_options() { return "print_stacktrace=1"; }
}
