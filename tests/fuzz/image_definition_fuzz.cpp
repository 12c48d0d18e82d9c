// The image definition loader on arbitrary TOML (inheritance and cluster files included).
#include "fuzz_readers.hpp"

SSI_OSCAR_FUZZ_TARGET("image_definition")
