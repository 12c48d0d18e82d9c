#pragma once
// The files a Debian system's maintainer scripts make at install time, which an image (whose
// packages' scripts are kept as data, not run) would otherwise lack: each is made from the
// template its own package ships, the way that package's script does, and only when the image
// has neither the file nor a reason to skip it. What was made, and from what, goes into the
// manifest so a release engineer can check it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace ssi::image {

struct MadeFile {
  std::string path;       // "/etc/passwd"
  std::string made_from;  // "/usr/share/base-passwd/passwd.master (base-passwd)"
};

// `hostname` fills /etc/hostname; `epoch` dates the shadow entries' last password change.
Expected<std::vector<MadeFile>> make_base_files(const std::filesystem::path& root, const std::string& hostname,
                                                std::int64_t epoch);

}  // namespace ssi::image
