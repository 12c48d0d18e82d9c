#pragma once
// One OSCAR package description with every kind of content the config.xml tests look at:
// OSCAR-level requires and conflicts (one versioned), server and client packages, a package
// behind a dist filter, a changelog.
#include "oscar/opkg.hpp"

namespace ssi::test {

oscar::Opkg sample_opkg();

}  // namespace ssi::test
