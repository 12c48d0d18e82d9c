#pragma once
// Turns a librpm Header into the toolchain's PackageRecord (identity, text, deps, files, changelog).
#include <rpm/header.h>

#include <string>

#include "rpm/package_record.hpp"

namespace ssi::rpm {

PackageRecord record_from_header(Header h);
// The payload's sha256 as the header records it; "" when the package carries none or another algorithm.
std::string header_payload_sha256(Header h);

}  // namespace ssi::rpm
