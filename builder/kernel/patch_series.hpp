#pragma once
// A kernel's own patch series, kept in the project (kernels/patches/NAME/NN-what.patch): the
// changes that port an old kernel to today's toolchain and C library. Each file opens with its
// reason (the failure it fixes, the toolchain or library that caused it) before the first diff;
// they apply in file-name order after the definition's [[patch]]es.
#include <filesystem>
#include <string>
#include <vector>

#include "recipe/recipe.hpp"
#include "util/error.hpp"

namespace ssi::kernel {

// `folder` is relative to the definition's directory. Every problem at once (exit 2), naming the
// definition's field or the patch file.
Expected<std::vector<recipe::Patch>> read_patch_series(const std::filesystem::path& definition,
                                                       const std::string& folder);

// The reason a series patch opens with: its text before the first diff line ("" when none).
std::string patch_reason(const std::string& patch_text);

}  // namespace ssi::kernel
