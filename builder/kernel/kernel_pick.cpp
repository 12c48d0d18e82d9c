#include "kernel/kernel_pick.hpp"

#include <map>
#include <optional>
#include <set>

#include "rpm/installed_db.hpp"
#include "util/archive_handles.hpp"
#include "util/fs.hpp"
#include "util/root_path.hpp"

namespace ssi::kernel {
namespace fs = std::filesystem;
namespace {

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "none" : out;
}

std::optional<std::string> vmlinuz_release(const PackageRecord& p) {
  for (const auto& f : p.files)
    if (f.path.starts_with("/boot/vmlinuz-")) return f.path.substr(std::string("/boot/vmlinuz-").size());
  return std::nullopt;
}

// The /boot/vmlinuz-RELEASE the kernel's package installed in the image; for a meta-package
// (Debian's linux-image-amd64), the one of the package it requires that holds the kernel.
Expected<std::string> installed_release(const fs::path& root, const KernelDefinition& k) {
  auto installed = rpm::read_installed(root);
  if (!installed) return installed.error();
  std::map<std::string, const PackageRecord*> by_name;
  for (const auto& p : *installed) by_name[p.name] = &p;
  const auto package = by_name.find(k.package);
  if (package == by_name.end())
    return bad_input(root.string() + ": kernel " + k.name + ": its package " + k.package + " is not installed in the image");
  if (auto release = vmlinuz_release(*package->second)) return *release;
  for (const auto& d : package->second->deps(DepKind::require))
    if (auto it = by_name.find(d.name); it != by_name.end())
      if (auto release = vmlinuz_release(*it->second)) return *release;
  return bad_input(root.string() + ": package " + k.package + " of kernel " + k.name + " installed no /boot/vmlinuz-*");
}

std::set<std::string> module_releases(const fs::path& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.insert(e.path().filename().string());
  return out;
}

// The releases whose modules an initramfs carries (lib/modules/R or usr/lib/modules/R).
Expected<std::set<std::string>> initrd_module_releases(const fs::path& initrd) {
  ArchiveReader a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_cpio(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), initrd.c_str(), 1 << 16) != ARCHIVE_OK)
    return bad_input(initrd.string() + ": not a readable initrd: " + archive_message(a.get()));
  std::set<std::string> releases;
  archive_entry* entry = nullptr;
  while (archive_read_next_header(a.get(), &entry) == ARCHIVE_OK) {
    std::string path = archive_entry_pathname(entry);
    if (path.starts_with("./")) path.erase(0, 2);
    if (path.starts_with("usr/")) path.erase(0, 4);
    if (!path.starts_with("lib/modules/")) continue;
    const std::string rest = path.substr(12);
    if (const auto slash = rest.find('/'); slash != std::string::npos && slash > 0) releases.insert(rest.substr(0, slash));
  }
  return releases;
}

fs::path find_initrd(const fs::path& root, const std::string& release) {
  for (const std::string& name : {"initrd.img-" + release, "initramfs-" + release + ".img", "initrd-" + release + ".img"})
    if (fs::is_regular_file(in_root(root, "boot/" + name))) return in_root(root, "boot/" + name);
  return {};
}

std::string systemconfig(const KernelDefinition& k, const std::string& release, const fs::path& initrd,
                         const std::string& cmdline) {
  std::string s = "# Written by ssi-oscar kernel pick: the image boots " + k.name + " (" + release + ") by default.\n";
  s += "CONFIG_VERSION = 1.0\n\n[BOOT]\n\tDEFAULTBOOT = " + k.name + "\n\n[KERNEL0]\n";
  s += "\tPATH = /boot/vmlinuz-" + release + "\n\tLABEL = " + k.name + "\n";
  if (!initrd.empty()) s += "\tINITRD = /boot/" + initrd.filename().string() + "\n";
  if (!cmdline.empty()) s += "\tAPPEND = \"" + cmdline + "\"\n";
  return s;
}

}  // namespace

std::string bzimage_release(const fs::path& image) {
  auto bytes = read_file(image);
  if (!bytes || bytes->size() < 0x210 || bytes->compare(0x202, 4, "HdrS") != 0) return "";
  // The setup header's kernel_version field: an offset, from 0x200, of "RELEASE (user@host) #1 ...".
  const auto offset = static_cast<unsigned char>((*bytes)[0x20E]) | (static_cast<unsigned char>((*bytes)[0x20F]) << 8);
  const std::size_t start = 0x200 + static_cast<std::size_t>(offset);
  if (offset == 0 || start >= bytes->size()) return "";
  const std::size_t end = bytes->find_first_of(" \0", start, 2);
  return bytes->substr(start, end == std::string::npos ? std::string::npos : end - start);
}

Expected<PickedKernel> pick_kernel(const fs::path& root, const KernelDefinition& k, const std::string& extra_cmdline,
                                   const fs::path& boot) {
  auto release = installed_release(root, k);
  if (!release) return release.error();
  const fs::path vmlinuz = in_root(root, "boot/vmlinuz-" + *release);
  if (!fs::is_regular_file(vmlinuz)) return bad_input(vmlinuz.string() + ": missing from the image");
  if (const std::string said = bzimage_release(vmlinuz); !said.empty() && said != *release)
    return bad_input(vmlinuz.string() + ": the image says it is release " + said + ", its name says " + *release);
  if (!fs::is_regular_file(in_root(root, "boot/System.map-" + *release)))
    return bad_input(root.string() + ": kernel " + k.name + ": /boot/System.map-" + *release + " is missing");
  if (!fs::is_directory(in_root(root, "lib/modules/" + *release)))
    return bad_input(root.string() + ": kernel " + k.name + " is release " + *release + " but the image has modules for: " +
                     join(module_releases(in_root(root, "lib/modules"))));
  const fs::path initrd = find_initrd(root, *release);
  if (!initrd.empty()) {
    auto releases = initrd_module_releases(initrd);
    if (!releases) return releases.error();
    releases->erase(*release);
    if (!releases->empty())
      return bad_input(initrd.string() + ": built for kernel " + join(*releases) + ", not for " + *release);
  }
  PickedKernel picked{*release, boot / "vmlinuz", {}, k.cmdline};
  if (!extra_cmdline.empty()) picked.cmdline += (picked.cmdline.empty() ? "" : " ") + extra_cmdline;
  if (auto ok = ensure_directory(in_root(root, "etc/systemconfig")); !ok) return ok.error();
  if (auto ok = write_file_atomic(in_root(root, "etc/systemconfig/systemconfig.conf"), systemconfig(k, *release, initrd, picked.cmdline)); !ok)
    return ok.error();
  if (auto ok = copy_file_atomic(vmlinuz, picked.vmlinuz); !ok) return ok.error();
  if (!initrd.empty()) {
    picked.initrd = boot / "initrd";
    if (auto ok = copy_file_atomic(initrd, picked.initrd); !ok) return ok.error();
  }
  return picked;
}

}  // namespace ssi::kernel
