// The kernel definition loader on arbitrary TOML.
#include "fuzz_readers.hpp"

SSI_OSCAR_FUZZ_TARGET("kernel_definition")
