#include "image/distro_comparison.hpp"

#include <algorithm>

#include "util/fs.hpp"
#include "util/text.hpp"

namespace ssi::image {
namespace fs = std::filesystem;

std::optional<double> last_boot_seconds(const fs::path& image_dir) {
  auto text = read_file(image_dir / "boot-test.json");
  if (!text) return std::nullopt;
  const auto j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object() || !j.contains("seconds") || !j["seconds"].is_number()) return std::nullopt;
  return j["seconds"].get<double>();
}

namespace {

std::vector<std::string> images_in(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (fs::is_regular_file(e.path() / "manifest.json")) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::uint64_t initramfs_bytes(const Manifest& m) {
  for (const auto& [file, bytes] : m.artifacts)
    if (file.starts_with(m.name + ".cpio")) return bytes;
  return 0;
}

Expected<DistroComparison> compare_distributions(const fs::path& a, const fs::path& b, const std::vector<std::string>& wanted) {
  DistroComparison c;
  std::string problems;
  const auto in_a = images_in(a), in_b = images_in(b);
  for (const auto& [dir, found] : {std::pair{&a, &in_a}, std::pair{&b, &in_b}})
    if (found->empty()) append_line(problems, dir->string() + ": no image folders (image build --out-dir) here");
  if (!problems.empty()) return bad_input(problems);
  c.images = wanted;
  if (c.images.empty())
    std::set_intersection(in_a.begin(), in_a.end(), in_b.begin(), in_b.end(), std::back_inserter(c.images));
  if (c.images.empty()) return bad_input(a.string() + " and " + b.string() + " hold no image of the same name");
  for (const auto& image : c.images)
    for (const auto* dir : {&a, &b})
      if (!fs::is_regular_file(*dir / image / "manifest.json"))
        append_line(problems, (*dir / image).string() + ": no image " + image + " (manifest.json) here");
  if (!problems.empty()) return bad_input(problems);
  for (const auto& image : c.images) {
    for (const auto* dir : {&a, &b}) {
      auto m = load_manifest(*dir / image);
      if (!m) return m.error();
      ImageOnDistro cell{m->distro.empty() ? dir->filename().string() : m->distro, *m, initramfs_bytes(*m),
                         last_boot_seconds(*dir / image)};
      c.cells.push_back(std::move(cell));
    }
    c.between.push_back(diff_images(c.cells[c.cells.size() - 2].manifest, c.cells.back().manifest));
  }
  c.distros = {c.cells[0].distro, c.cells[1].distro};
  return c;
}

}  // namespace ssi::image
