// OSCAR's config.xml reader on arbitrary XML.
#include "fuzz_readers.hpp"

SSI_OSCAR_FUZZ_TARGET("config_xml")
