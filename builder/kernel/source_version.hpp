#pragma once
// The version of a Linux source tarball, read from its top-level Makefile (VERSION, PATCHLEVEL,
// SUBLEVEL, EXTRAVERSION), so the kernel package is versioned as what it holds.
#include <filesystem>
#include <string>

#include "util/error.hpp"

namespace ssi::kernel {

// "6.1.192", "2.6.30"; an EXTRAVERSION such as "-rc1" becomes "~rc1" (rpm forbids '-' and sorts
// '~' before the release it precedes).
Expected<std::string> kernel_source_version(const std::filesystem::path& tarball);
// The same from the Makefile's text (for tests and trees already unpacked).
Expected<std::string> kernel_makefile_version(const std::string& makefile, const std::string& where);

}  // namespace ssi::kernel
