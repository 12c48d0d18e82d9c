#pragma once
// The same images built for two distributions (image-out/debian-12, image-out/debian-13): one
// table of every image on every distribution (packages, installed size, initramfs size, boot
// time), and for each image what changed between the distributions, package by package, each
// change attributed to what pulled the package in.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "image/image_report.hpp"
#include "util/error.hpp"

namespace ssi::image {

struct ImageOnDistro {
  std::string distro;  // the manifest's, else the folder's name
  Manifest manifest;
  std::uint64_t initramfs_bytes = 0;
  std::optional<double> boot_seconds;  // the last passed boot test's (boot-test.json)
};

struct DistroComparison {
  std::vector<std::string> distros;  // the two, in the order given
  std::vector<std::string> images;   // the images both folders hold, in name order
  std::vector<ImageOnDistro> cells;  // image-major: images[i] on distros[0], then on distros[1]
  std::vector<ImageDiff> between;    // per image: from distros[0] to distros[1]
};

// Each folder holds image folders (image build --out-dir). `images` empty: every image both
// hold. A folder without them, or an image missing from one, is named (exit 2).
Expected<DistroComparison> compare_distributions(const std::filesystem::path& a, const std::filesystem::path& b,
                                                 const std::vector<std::string>& images);

// boot-test.json, which a passed single-node boot test leaves in the image folder.
std::optional<double> last_boot_seconds(const std::filesystem::path& image_dir);
// The size of the image's initramfs artifact (NAME.cpio.*), 0 without one.
std::uint64_t initramfs_bytes(const Manifest& m);

std::string comparison_text(const DistroComparison& c, std::size_t changes_per_image = 12);
nlohmann::json comparison_json(const DistroComparison& c);
std::string comparison_html(const DistroComparison& c);

}  // namespace ssi::image
