#pragma once
// Reads a few files out of an RPM's payload without installing it (libarchive's rpm filter and
// cpio reader): what `image plan` needs to judge a kernel before anything is installed.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "util/error.hpp"

namespace ssi::image {

// The regular files whose payload path ("/boot/config-2.6.30-krg") `wanted` accepts: path ->
// their first `limit` bytes.
Expected<std::map<std::string, std::string>> read_payload_files(const std::filesystem::path& rpm,
                                                                const std::function<bool(const std::string&)>& wanted,
                                                                std::size_t limit);

}  // namespace ssi::image
