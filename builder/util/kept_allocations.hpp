#pragma once
// Some library calls keep memory for the whole process on purpose (librpm's macro tables,
// libsolv's joined root path). In a sanitized build the leak checker is told to ignore what is
// allocated while such a call runs. That is exact whatever the call's stack looks like, so the
// sanitized build can record malloc stacks with the fast frame-pointer unwinder: the slow one
// made librpm's and libsolv's allocation-heavy work (packing a kernel's source tree, reading
// rpm-md metadata) ten times slower than a Release build.
#if defined(__SANITIZE_ADDRESS__)
#define SSI_OSCAR_LEAK_CHECKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SSI_OSCAR_LEAK_CHECKS 1
#endif
#endif

#ifdef SSI_OSCAR_LEAK_CHECKS
#include <sanitizer/lsan_interface.h>
#endif

namespace ssi {

class KeptForTheProcess {
 public:
#ifdef SSI_OSCAR_LEAK_CHECKS
  KeptForTheProcess() { __lsan_disable(); }
  ~KeptForTheProcess() { __lsan_enable(); }
#else
  KeptForTheProcess() {}  // user-provided: a scope guard, not an unused variable
  ~KeptForTheProcess() {}
#endif
  KeptForTheProcess(const KeptForTheProcess&) = delete;
  KeptForTheProcess& operator=(const KeptForTheProcess&) = delete;
};

}  // namespace ssi
