#pragma once
// What an image tree holds on disk: files, bytes (hard links once), bytes per top-level folder,
// the largest files, the set-ID files and device nodes.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "image/manifest.hpp"

namespace ssi::image {

struct TreeStats {
  std::uint64_t files = 0, bytes = 0;
  std::map<std::string, std::uint64_t> directories;  // "/usr" -> bytes under it
  std::vector<LargeFile> largest;                    // biggest first
  std::vector<SpecialFile> special;                  // set-ID files and device nodes, in path order
};

TreeStats tree_stats(const std::filesystem::path& root, std::size_t largest_count = 20);

}  // namespace ssi::image
