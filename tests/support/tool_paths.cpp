// The library looks for ssi-oscar-packages2solv beside the running program; the test binary lives
// in another folder of the build tree, so it says where the one built with it is (an index parsed
// in this sanitized process instead takes minutes).
#include <cstdlib>

namespace {
const bool kConverterNamed = [] { return ::setenv("SSI_OSCAR_PACKAGES2SOLV", SSI_OSCAR_PACKAGES2SOLV, 0) == 0; }();
}  // namespace
