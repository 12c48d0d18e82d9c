// The .deb reader (ar, control and data tars, every compression) on arbitrary bytes.
#include "fuzz_readers.hpp"

SSI_OSCAR_FUZZ_TARGET("deb")
