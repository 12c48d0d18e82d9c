// The recipe loader on arbitrary TOML: every problem reported, never a crash.
#include "fuzz_readers.hpp"

SSI_OSCAR_FUZZ_TARGET("recipe")
