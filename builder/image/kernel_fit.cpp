#include "image/kernel_fit.hpp"

#include <algorithm>
#include <map>

#include "image/package_payload.hpp"
#include "kernel/kernel_compat.hpp"
#include "util/fs.hpp"
#include "util/root_path.hpp"

#include "util/text.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

bool has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

std::string initramfs_suffix(Compression compression) { return compression == Compression::gzip ? ".cpio.gz" : ".cpio.zst"; }

KernelFacts facts_from_tree(const fs::path& root, const std::string& release) {
  KernelFacts facts;
  facts.release = release;
  if (auto config = read_file(in_root(root, "boot/config-" + release))) facts.config = std::move(config).value();
  if (const auto libc = kernel::find_libc(root)) {
    facts.libc = "/" + fs::relative(*libc, root).string();
    facts.libc_minimum = kernel::elf_minimum_kernel(*libc);
    // glibc 2.41 (Debian 13) no longer carries the note; its minimum is the documented one.
    if (!facts.libc_minimum)
      if (const auto release = kernel::glibc_release(*libc)) {
        facts.libc_minimum = kernel::glibc_documented_minimum(*release);
        if (facts.libc_minimum)
          facts.libc_minimum_from = "glibc " + *release + " has no ABI note: every glibc since 2.26 needs Linux 3.2";
      }
  }
  return facts;
}

Expected<std::optional<KernelFacts>> facts_from_packages(const Plan& plan) {
  if (!plan.kernel) return std::optional<KernelFacts>{};
  std::map<std::string, fs::path> dirs;
  for (const auto& r : plan.repos)
    if (!r.metadata_only) dirs[r.name] = r.dir;
  KernelFacts facts;
  bool kernel_seen = false;
  for (const auto& p : plan.packages) {
    const bool is_kernel = p.step.name == plan.kernel->definition.package;
    if (!is_kernel && p.step.name != "libc6" && p.step.name != "glibc") continue;
    const auto dir = dirs.find(p.step.repo);
    if (dir == dirs.end()) return std::optional<KernelFacts>{};
    auto files = read_payload_files(
        dir->second / p.step.location,
        [is_kernel](const std::string& path) {
          return is_kernel ? path.starts_with("/boot/config-") : path.ends_with("/libc.so.6");
        },
        is_kernel ? std::size_t{1} << 22 : std::size_t{1} << 16);
    if (!files) return files.error();
    for (auto& [path, data] : *files) {
      if (is_kernel) {
        kernel_seen = true;
        facts.release = path.substr(std::string("/boot/config-").size());
        facts.config = std::move(data);
      } else {
        facts.libc = path;
        facts.libc_minimum = kernel::elf_minimum_kernel_in(data);
      }
    }
  }
  if (!kernel_seen) return std::optional<KernelFacts>{};
  return std::optional<KernelFacts>{std::move(facts)};
}

Expected<KernelFit> check_kernel_fit(const KernelFacts& facts, const kernel::KernelDefinition& kernel,
                                     const std::string& image_file) {
  KernelFit fit;
  const std::string& release = facts.release;
  const std::string who = "kernel " + kernel.name + " (" + release + ")";
  const auto unpacks = facts.config ? kernel::initramfs_compressions(*facts.config) : std::vector<std::string>{};
  if (unpacks.empty()) {
    fit.notes.push_back(who + ": its configuration names no initramfs compression; the initramfs is zstd");
  } else if (!has(unpacks, "zstd")) {
    if (!has(unpacks, "gzip"))
      return bad_input(image_file + ": " + who + " unpacks " + join(unpacks, ", ") +
                       " initramfs only; ssi-oscar writes zstd or gzip (enable CONFIG_RD_GZIP)");
    fit.initramfs = Compression::gzip;
    fit.notes.push_back(who + " unpacks " + join(unpacks, ", ") + " initramfs, not zstd: the initramfs is gzip");
  }

  const auto& minimum = facts.libc_minimum;
  if (!minimum) return fit;
  const std::string libc_says = "C library " + facts.libc + " is built for Linux " + *minimum;
  if (kernel::compare_versions(release, *minimum) >= 0) {
    fit.notes.push_back(libc_says + "; " + who + " is new enough" +
                        (facts.libc_minimum_from.empty() ? "" : " (" + facts.libc_minimum_from + ")"));
    return fit;
  }
  const auto backports = kernel::compat_backports(kernel);
  const std::string line = libc_says + " and later; " + who + " is older" +
                           (backports.empty() ? " and carries no compat backports: dynamically linked programs may fail"
                                              : "; its compat series covers: " + join(backports, "; "));
  fit.notes.push_back(line + (facts.libc_minimum_from.empty() ? "" : " (" + facts.libc_minimum_from + ")"));
  if (backports.empty()) fit.warnings.push_back(fit.notes.back());
  return fit;
}

}  // namespace ssi::image
