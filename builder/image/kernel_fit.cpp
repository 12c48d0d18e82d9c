#include "image/kernel_fit.hpp"

#include <algorithm>

#include "kernel/kernel_compat.hpp"
#include "util/fs.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

bool has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

std::string initramfs_suffix(Compression compression) { return compression == Compression::gzip ? ".cpio.gz" : ".cpio.zst"; }

Expected<KernelFit> check_kernel_fit(const fs::path& root, const kernel::KernelDefinition& kernel, const std::string& release,
                                     const std::string& image_file) {
  KernelFit fit;
  const std::string who = "kernel " + kernel.name + " (" + release + ")";
  auto config = read_file(root / "boot" / ("config-" + release));
  const auto unpacks = config ? kernel::initramfs_compressions(*config) : std::vector<std::string>{};
  if (unpacks.empty()) {
    fit.notes.push_back(who + ": its configuration names no initramfs compression; the initramfs is zstd");
  } else if (!has(unpacks, "zstd")) {
    if (!has(unpacks, "gzip"))
      return bad_input(image_file + ": " + who + " unpacks " + joined(unpacks, ", ") +
                       " initramfs only; ssi-oscar writes zstd or gzip (enable CONFIG_RD_GZIP)");
    fit.initramfs = Compression::gzip;
    fit.notes.push_back(who + " unpacks " + joined(unpacks, ", ") + " initramfs, not zstd: the initramfs is gzip");
  }

  const auto libc = kernel::find_libc(root);
  const auto minimum = libc ? kernel::elf_minimum_kernel(*libc) : std::nullopt;
  if (!minimum) return fit;
  const std::string libc_says = "C library /" + fs::relative(*libc, root).string() + " is built for Linux " + *minimum;
  if (kernel::compare_versions(release, *minimum) >= 0) {
    fit.notes.push_back(libc_says + "; " + who + " is new enough");
    return fit;
  }
  const auto backports = kernel::compat_backports(kernel);
  const std::string line = libc_says + " and later; " + who + " is older" +
                           (backports.empty() ? " and carries no compat backports: dynamically linked programs may fail"
                                              : "; its compat series covers: " + joined(backports, "; "));
  fit.notes.push_back(line);
  if (backports.empty()) fit.warnings.push_back(line);
  return fit;
}

}  // namespace ssi::image
