#pragma once
// What an image holds and what one image adds to another, from manifests: sizes by package, by
// OSCAR package (or what else put packages there), by top-level folder, the largest files; and
// the diff of two images with every change attributed to what pulled the package in.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "image/manifest.hpp"
#include "image/side_by_side.hpp"

namespace ssi::image {

struct SizeRow {
  std::string label;
  std::uint64_t bytes = 0, count = 0;
};

struct Report {
  Manifest manifest;
  std::vector<SizeRow> packages, groups, directories;  // biggest first
};

Report make_report(const Manifest& manifest);
// "OSCAR package kerrighed", "listed in the definition", "the kernel".
std::string group_label(const std::string& group);

struct PackageChange {
  std::string name, before, after;  // NEVRAs; "" on the side without the package
  std::int64_t delta = 0;           // installed bytes, after minus before
  std::string attributed_to;        // group label (and root) of the side that has it
};

struct GroupDelta {
  std::string label;
  std::uint64_t before = 0, after = 0;
};

struct ImageDiff {
  Manifest a, b;
  std::vector<PackageChange> added, removed, changed;  // biggest delta first
  std::vector<GroupDelta> groups;                      // installed bytes per group in A and B
  std::int64_t installed_delta = 0;
};

ImageDiff diff_images(const Manifest& a, const Manifest& b);

std::string report_text(const Report& report, std::size_t rows = 15);
nlohmann::json report_json(const Report& report);
std::string report_html(const Report& report);
// The side-by-side table opens each rendering; the build notes of both images close the HTML
// page, folded (the text names how many there are).
std::string diff_text(const ImageDiff& diff, const SideBySide& answer);
nlohmann::json diff_json(const ImageDiff& diff, const SideBySide& answer);
std::string diff_html(const ImageDiff& diff, const SideBySide& answer);

}  // namespace ssi::image
