// The RPM header reader (librpm under it) on arbitrary bytes: an error value, never a crash.
#include "fuzz_readers.hpp"

SSI_OSCAR_FUZZ_TARGET("rpm_header")
