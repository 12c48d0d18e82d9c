#pragma once
// Whole-buffer gzip and zstd compression through libarchive's filters.
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace ssi {

enum class Compression { none, gzip, zstd };
const char* compression_name(Compression c);  // "none", "gzip", "zstd"
const char* compression_suffix(Compression c);  // "", ".gz", ".zst"

// Deterministic: no timestamp or name is stored, so equal inputs give equal bytes.
Expected<std::string> compress(std::string_view data, Compression c);

}  // namespace ssi
