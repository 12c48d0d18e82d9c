#include "image/image_builder.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "cluster/boot_entries.hpp"
#include "cluster/kerrighed_config.hpp"
#include "image/base_files.hpp"
#include "image/boot_files.hpp"
#include "image/initramfs_layers.hpp"
#include "image/kernel_fit.hpp"
#include "image/memory_staging.hpp"
#include "image/not_shipped.hpp"
#include "image/tree_archive.hpp"
#include "image/tree_stats.hpp"
#include "kernel/kernel_pick.hpp"
#include "recipe/build_cache.hpp"
#include "rpm/installed_db.hpp"
#include "rpm/root_installer.hpp"
#include "solve/explain.hpp"
#include "rpm/signature.hpp"
#include "util/fs.hpp"
#include "util/run_lock.hpp"
#include "util/step_times.hpp"
#include "util/sha256.hpp"
#include "util/subprocess.hpp"
#include "util/text.hpp"
#include "util/root_path.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

// Bump when the way an image is assembled changes: every image then rebuilds once.
constexpr const char* kAssemblerVersion = "ssi-oscar image 5";

bool wants(const ImageDefinition& image, const std::string& format) {
  return std::find(image.formats.begin(), image.formats.end(), format) != image.formats.end();
}

Expected<std::vector<fs::path>> package_files(const Plan& plan) {
  std::map<std::string, const Plan::Repository*> repos;
  for (const auto& r : plan.repos) repos[r.name] = &r;
  std::vector<fs::path> files;
  for (const auto& p : plan.packages) {
    const auto repo = repos.find(p.step.repo);
    if (repo == repos.end() || repo->second->metadata_only)
      return bad_input(p.step.nevra() + ": comes from " + (repo == repos.end() ? p.step.repo : repo->second->dir.string()) +
                       ", which holds metadata only: an image needs the RPM files");
    files.push_back(repo->second->dir / p.step.location);
    if (!fs::exists(files.back()))
      return bad_input(files.back().string() + ": indexed but missing (re-run ssi-oscar repo index)");
  }
  return files;
}

// With keys configured (the definition's gpg_keys, --gpg-key), every package must carry a valid
// signature by one of them; each one that does not is named (exit 2) before anything is written.
Status check_signatures(const ImageDefinition& image, const ImageBuildOptions& options, const Plan& plan,
                        const std::vector<fs::path>& files) {
  std::vector<fs::path> key_files = image.gpg_keys;
  key_files.insert(key_files.end(), options.gpg_keys.begin(), options.gpg_keys.end());
  if (key_files.empty()) return success();
  auto keys = rpm::TrustedKeys::load(key_files);
  if (!keys) return keys.error();
  std::string refused;
  for (std::size_t i = 0; i < files.size(); ++i)
    if (const std::string why = keys->problem(files[i]); !why.empty())
      append_line(refused, files[i].string() + ": package " + plan.packages[i].step.nevra() + ": signature: " + why);
  if (!refused.empty()) return bad_input(refused);
  return success();
}

std::int64_t environment_epoch() {
  const char* sde = std::getenv("SOURCE_DATE_EPOCH");
  return sde && *sde ? std::strtoll(sde, nullptr, 10) : -1;
}

// Everything the image is made of: definitions, lists, added files, the packages (by checksum),
// the kernel choice, the post-image scripts and the reproducibility settings.
std::string inputs_key(const ImageDefinition& image, const Plan& plan, const ImageBuildOptions& options) {
  std::string m = std::string(kAssemblerVersion) + "\nepoch " + std::to_string(environment_epoch()) + "\nlevel " +
                  std::to_string(options.zstd_level) + " window " + std::to_string(options.zstd_window_log);
  auto add_file = [&m](const fs::path& f) {
    auto digest = sha256_file_hex(f);
    // The same file however it was named: a Slurm job is given absolute paths.
    m.append("\nfile ").append(fs::weakly_canonical(f).string()).append(" ").append(digest ? *digest : "missing");
  };
  for (const auto& f : image.files) add_file(f);
  m.append("\ninit hook ").append(sha256_hex(init_hook(image.name) + list_opened_script()));
  m.append("\ndistro ").append(image.distro);
  for (const auto& p : image.packages) m.append("\nlisted ").append(p.name);
  for (const auto& f : image.added_files) {
    add_file(f.source);
    m.append(" -> ").append(f.target);
  }
  for (const auto& o : image.oscar) add_file(options.oscar_packages / o.name / "scripts" / "api-post-image");
  for (const auto& k : image.gpg_keys) add_file(k);  // other keys: the packages are checked again
  for (const auto& k : options.gpg_keys) add_file(k);
  if (plan.kernel) {
    m.append("\nkernel ").append(plan.kernel->definition.name);
    add_file(plan.kernel->definition.file);
  }
  for (const auto& p : plan.packages) m.append("\npackage ").append(p.step.nevra()).append(" ").append(p.step.checksum);
  return sha256_hex(m);
}

bool up_to_date(const fs::path& out, const std::string& key) {
  auto old = load_manifest(out);
  if (!old || old->inputs_sha256 != key) return false;
  return std::all_of(old->artifacts.begin(), old->artifacts.end(), [&](const auto& a) { return fs::exists(out / a.first); });
}

Status add_own_files(const ImageDefinition& image, const fs::path& root) {
  for (const auto& f : image.added_files) {
    const fs::path target = in_root(root, f.target);
    if (auto ok = copy_file_atomic(f.source, target); !ok) return ok;
    fs::permissions(target, static_cast<fs::perms>(f.mode));
  }
  if (!fs::exists(fs::symlink_status(in_root(root, "init", FinalLink::keep)))) {
    if (auto ok = write_file_atomic(in_root(root, "init"), init_hook(image.name)); !ok) return ok;
    fs::permissions(in_root(root, "init"), static_cast<fs::perms>(0755));
    const fs::path lister = in_root(root, kListOpenedPath);
    if (auto ok = ensure_directory(lister.parent_path()); !ok) return ok;
    if (auto ok = write_file_atomic(lister, list_opened_script()); !ok) return ok;
    fs::permissions(lister, static_cast<fs::perms>(0755));
  }
  for (const char* dir : {"proc", "sys", "dev", "tmp", "run"})
    if (auto ok = ensure_directory(in_root(root, dir)); !ok) return ok;
  if (!image.hosts.empty())
    if (auto ok = write_file_atomic(in_root(root, "etc/hosts"), image.hosts); !ok) return ok;
  if (image.has_cluster) return cluster::write_kerrighed_config(root, image.cluster);
  return success();
}

// OSCAR's api-post-image scripts of the image's OSCAR packages, each given the image root.
Status run_post_image_scripts(const ImageDefinition& image, const fs::path& root, const ImageBuildOptions& options,
                              const fs::path& logs) {
  for (const auto& o : image.oscar) {
    const fs::path script = options.oscar_packages / o.name / "scripts" / "api-post-image";
    if (!fs::exists(script)) continue;
    const fs::path log = logs / ("post-image-" + o.name + ".log");
    auto r = run_process({fs::absolute(script).string(), fs::absolute(root).string()}, log, std::nullopt,
                         {"OSCAR_IMAGE_ROOT=" + fs::absolute(root).string(), "OSCAR_IMAGE_NAME=" + image.name});
    if (!r) return r.error();
    if (r->exit_code != 0)
      return step_failed(script.string() + ": post-image script failed (exit " + std::to_string(r->exit_code) + "), log " +
                         log.string() + "\n" + log_tail(log, 10));
  }
  return success();
}

// mke2fs -d fills a file system from the tree without root or loop devices; fixed UUID, hash
// seed and time make it reproducible.
Expected<std::uint64_t> make_ext4(const fs::path& root, const fs::path& out, std::uint64_t bytes, const std::string& key,
                                  std::int64_t epoch, const fs::path& log) {
  const std::string uuid = key.substr(0, 8) + "-" + key.substr(8, 4) + "-4" + key.substr(13, 3) + "-8" + key.substr(17, 3) +
                           "-" + key.substr(20, 12);
  const std::uint64_t kib = (bytes + bytes / 3) / 1024 + 64 * 1024;
  const fs::path tmp = temporary_name(out, "tmp");
  auto r = run_process({"mke2fs", "-q", "-F", "-t", "ext4", "-d", root.string(), "-U", uuid, "-E",
                        "root_owner=0:0,hash_seed=" + uuid, "-L", "ssi-oscar", tmp.string(), std::to_string(kib) + "k"},
                       log, std::nullopt, {"E2FSPROGS_FAKE_TIME=" + std::to_string(epoch)});
  if (!r) return r.error();
  if (r->exit_code != 0) return step_failed("mke2fs failed for " + out.string() + ", log " + log.string() + "\n" + log_tail(log, 10));
  fs::rename(tmp, out);
  return static_cast<std::uint64_t>(fs::file_size(out));
}

std::vector<ManifestPackage> manifest_packages(const std::vector<PackageRecord>& installed, const Plan& plan) {
  std::map<std::string, const PlannedPackage*> planned;
  for (const auto& p : plan.packages) planned[p.step.nevra()] = &p;
  std::vector<ManifestPackage> out;
  for (const auto& r : installed) {
    ManifestPackage m{r.name, r.nevra(), "", "listed", r.name, r.install_size, 0};
    if (auto it = planned.find(m.nevra); it != planned.end()) {
      m.reason = solve::reason_text(it->second->step.reason);
      m.group = it->second->group;
      m.root = it->second->root;
    }
    m.files = static_cast<std::uint64_t>(std::count_if(r.files.begin(), r.files.end(),
                                                       [](const FileEntry& f) { return f.kind == FileKind::file; }));
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> notes(const Plan& plan, const std::vector<PackageRecord>& installed) {
  std::vector<std::string> out;
  if (plan.kernel && !plan.kernel->passed_over.empty())
    for (const auto& p : plan.kernel->passed_over)
      out.push_back("kernel " + p + "; the image boots " + plan.kernel->definition.name + " instead");
  std::vector<std::string> stand_ins;
  for (const auto& repo : plan.repos) {
    auto files = recipe::stand_in_outputs(repo.dir);
    stand_ins.insert(stand_ins.end(), files.begin(), files.end());
  }
  std::string packages;
  for (const auto& r : installed) {
    const std::string file = r.nevra() + ".rpm";
    if (std::find(stand_ins.begin(), stand_ins.end(), file) != stand_ins.end()) packages += (packages.empty() ? "" : ", ") + r.name;
  }
  if (!packages.empty()) out.push_back("built from stand-in sources (a test fixture), not the upstream release: " + packages);
  return out;
}

// Debian's kernel packages leave modules.dep to their maintainer script (depmod); without it
// the node's modprobe finds no driver.
Status index_modules(const fs::path& root, const std::string& release, const fs::path& logs) {
  const fs::path modules = in_root(root, "lib/modules/" + release);
  if (!fs::is_directory(modules) || fs::exists(modules / "modules.dep")) return success();
  return index_kernel_modules(root, release, logs);
}

Status write_boot_entries(const fs::path& staging, const std::string& name, const kernel::PickedKernel& k, bool cpio,
                          Compression compression) {
  cluster::BootEntry entry{name, "boot/vmlinuz", "", k.cmdline, ""};
  if (cpio) entry.initrd = name + initramfs_suffix(compression);  // diskless: the whole image is the initramfs
  else if (!k.initrd.empty()) entry.initrd = "boot/initrd";
  if (auto ok = ensure_directory(staging / "pxelinux.cfg"); !ok) return ok;
  if (auto ok = write_file_atomic(staging / "pxelinux.cfg" / "default", cluster::pxelinux_config(entry)); !ok) return ok;
  return write_file_atomic(staging / "boot.ipxe", cluster::ipxe_script(entry));
}

}  // namespace

Error unresolvable_image(const ImageDefinition& image, const solve::Resolution& resolution) {
  std::string text = image.files.front().string() + ": image " + image.name + " cannot be resolved:";
  for (std::size_t i = 0; i < resolution.problems.size(); ++i) {
    const auto& p = resolution.problems[i];
    text += "\n  Problem " + std::to_string(i + 1) + ": " + p.summary;
    for (const auto& d : p.details)
      if (d != p.summary) text += "\n    - " + d;
    for (const auto& s : p.solutions) text += "\n    Solution: " + s;
  }
  return {ExitCode::unresolvable, text};
}

fs::path layer_cache(const fs::path& image_out) { return image_out.string() + ".layers"; }

Expected<bool> image_up_to_date(const ImageDefinition& image, const ImageBuildOptions& options) {
  auto plan = plan_image(image, options.plan);
  if (!plan) return plan.error();
  if (!plan->resolution.ok()) return unresolvable_image(image, plan->resolution);
  return up_to_date(options.out, inputs_key(image, *plan, options));
}

Expected<ImageBuildResult> build_image(const ImageDefinition& image, const ImageBuildOptions& options) {
  ImageBuildResult result;
  StepTimes times;
  times.start("resolve");
  // Pass: resolve; nothing is written before the package set is known.
  auto plan = plan_image(image, options.plan);
  if (!plan) return plan.error();
  if (!plan->resolution.ok()) return unresolvable_image(image, plan->resolution);
  result.warnings = plan->warnings;
  auto files = package_files(*plan);
  if (!files) return files.error();
  if (auto ok = check_signatures(image, options, *plan, *files); !ok) return ok.error();

  // Held until the new image is in place: a second run into `out` waits, then finds it current.
  const fs::path out_parent = fs::absolute(options.out).parent_path();
  const auto lock = RunLock::acquire(options.out.string() + ".lock", "the image output " + options.out.string());
  if (!lock) return lock.error();
  remove_stale_temporaries(out_parent);

  // Pass: skip the build when the image in `out` was made from the same inputs.
  const std::string key = inputs_key(image, *plan, options);
  if (up_to_date(options.out, key)) {
    auto manifest = load_manifest(options.out);
    if (!manifest) return manifest.error();
    result.manifest = std::move(manifest).value();
    result.up_to_date = true;
    return result;
  }

  const fs::path staging = temporary_name(options.out, "staging");
  const RemoveOnExit remove_staging(staging, "logs");  // after a failure; a finished one is in place by then
  const fs::path logs = staging / "logs";
  std::error_code ec;
  if (auto ok = ensure_directory(logs); !ok) return ok.error();
  // A tree the image does not keep is staged in memory when there is room (memory_staging.hpp).
  fs::path root = staging / "root";
  std::optional<RemoveOnExit> remove_memory_root;
  std::optional<fs::path> in_memory;
  if (!wants(image, "dir") && !options.memory_dir.empty())
    in_memory = memory_staging_root(options.memory_dir, image.name, plan->resolution.install_size);
  if (in_memory) remove_memory_root.emplace(root = *in_memory);

  // Pass: install the transaction with librpm; scriptlets run chrooted, which needs root.
  times.start("install " + std::to_string(files->size()) + " packages" + (in_memory ? " (tree in " + options.memory_dir.string() + ")" : ""));
  const bool as_root = ::geteuid() == 0;
  if (!as_root) result.warnings.push_back("not running as root: package scriptlets are skipped");
  std::int64_t epoch = environment_epoch();
  if (epoch < 0) {  // the newest package: the same packages give the same image
    epoch = 0;
    for (const auto& p : plan->packages) epoch = std::max(epoch, p.step.buildtime);
  }
  auto installed_report =
      rpm::install_into_root(root, *files, as_root ? rpm::Scriptlets::run : rpm::Scriptlets::skip, epoch,
                             options.progress);
  if (!installed_report) return installed_report.error();
  for (const auto& f : installed_report->scriptlet_failures) result.warnings.push_back(f);

  // Pass: what the packages' maintainer scripts would have made (accounts, PAM, sshd_config…),
  // from the templates the packages ship; then the definition's files, the init hook and the
  // cluster's Kerrighed configuration.
  times.start("base files, the definition's files, post-image scripts");
  auto made = make_base_files(root, image.name, epoch);
  if (!made) return made.error();
  if (auto ok = add_own_files(image, root); !ok) return ok.error();
  // Pass: OSCAR's post-image scripts of the image's OSCAR packages.
  if (auto ok = run_post_image_scripts(image, root, options, logs); !ok) return ok.error();

  Manifest& m = result.manifest;
  m.name = image.name;
  m.distro = image.distro;
  for (const auto& f : image.files) m.definition.push_back(f.string());
  m.inputs_sha256 = key;
  auto installed = rpm::read_installed(root);
  if (!installed) return installed.error();
  m.packages = manifest_packages(*installed, *plan);
  for (const auto& p : m.packages) m.installed_size += p.installed_size;
  m.notes = notes(*plan, *installed);
  for (const auto& f : *made) m.notes.push_back("made " + f.path + " from " + f.made_from);
  if (!image.not_shipped.empty()) {
    auto left_out = leave_out_packages(root, *installed, image.not_shipped);
    if (!left_out) return left_out.error();
    // One definition serves several distributions: a glob one of them has no package for is said, not refused.
    for (const auto& g : left_out->unmatched) m.notes.push_back("not_shipped: \"" + g + "\" names no installed package");
    m.not_shipped = std::move(*left_out);
  }
  m.source_date_epoch = epoch;

  // Pass: kernel_picker's job: the chosen kernel becomes the image's default boot entry, once it
  // is known to fit the image (initramfs compression, the C library's minimum kernel).
  Compression initramfs = Compression::zstd;
  if (plan->kernel) {
    times.start("kernel: pick, index and slim its modules");
    auto picked = kernel::pick_kernel(root, plan->kernel->definition, image.cmdline, staging / "boot");
    if (!picked) return picked.error();
    const auto& k = plan->kernel->definition;
    std::optional<ModuleSlimming> slimmed;
    if (const auto wanted = image.modules.find(k.name); wanted != image.modules.end()) {
      // Indexes what it keeps, and only that.
      auto slim = slim_kernel_modules(root, picked->release, wanted->second.names,
                                      wanted->second.origin + ": image.modules." + k.name, logs);
      if (!slim) return slim.error();
      slimmed = *slim;
    } else if (auto ok = index_modules(root, picked->release, logs); !ok) {
      return ok.error();
    }
    auto fit = check_kernel_fit(facts_from_tree(root, picked->release), k, image.files.front().string());
    if (!fit) return fit.error();
    initramfs = fit->initramfs;
    m.notes.insert(m.notes.end(), fit->notes.begin(), fit->notes.end());
    result.warnings.insert(result.warnings.end(), fit->warnings.begin(), fit->warnings.end());
    m.has_kernel = true;
    m.kernel = {k.name, k.package, picked->release, picked->cmdline, plan->kernel->passed_over, slimmed};
    if (auto ok = write_boot_entries(staging, image.name, *picked, wants(image, "cpio.zst"), initramfs); !ok)
      return ok.error();
    m.artifacts["boot/vmlinuz"] = fs::file_size(picked->vmlinuz);
    if (!picked->initrd.empty()) m.artifacts["boot/initrd"] = fs::file_size(picked->initrd);
  }

  // Pass: the tree's own numbers, then its archives.
  times.start("tree statistics");
  const TreeStats stats = tree_stats(root);
  m.files = stats.files;
  m.tree_bytes = stats.bytes;
  m.directories = stats.directories;
  m.largest_files = stats.largest;
  m.special_files = stats.special;
  PackOptions pack{ArchiveFormat::cpio_newc, options.zstd_level, options.plan.jobs, m.source_date_epoch, options.progress,
                   initramfs, options.zstd_window_log};
  if (wants(image, "cpio.zst")) {
    times.start("pack the initramfs");
    const std::string initramfs_file = image.name + initramfs_suffix(initramfs);
    // Layers only in zstd: concatenated segments are tested on kernels that unpack zstd, not on
    // the old ones that need gzip (linux-krg).
    const bool layered = image.initramfs_layers && initramfs == Compression::zstd;
    if (image.initramfs_layers && !layered)
      m.notes.push_back("initramfs_layers: kernel " + m.kernel.name + " takes a gzip initramfs; packed as one archive");
    if (layered) {
      std::map<std::string, std::string> group_of;
      for (const auto& p : m.packages) group_of[p.name] = p.group;
      const auto layers = split_into_layers(root, package_layers(root, *installed, group_of));
      auto packed = pack_layers(root, layers, staging / initramfs_file, layer_cache(options.out), pack);
      if (!packed) return packed.error();
      auto& bytes = m.artifacts[initramfs_file] = 0;  // the concatenation of the layers
      for (const auto& l : *packed) {
        m.initramfs_layers.push_back({l.name, l.entries, l.bytes});
        result.layers_reused += l.reused;
        bytes += l.bytes;
      }
    } else {
      auto size = pack_tree(root, staging / initramfs_file, pack);
      if (!size) return size.error();
      m.artifacts[initramfs_file] = *size;
      fs::remove_all(layer_cache(options.out), ec);  // the layers of an earlier, layered build
    }
  }
  if (wants(image, "tar.zst")) {
    times.start("pack tar.zst");
    pack.format = ArchiveFormat::tar;
    pack.compression = Compression::zstd;
    auto size = pack_tree(root, staging / (image.name + ".tar.zst"), pack);
    if (!size) return size.error();
    m.artifacts[image.name + ".tar.zst"] = *size;
  }
  if (wants(image, "ext4")) {
    times.start("make the ext4 file system");
    auto size = make_ext4(root, staging / (image.name + ".ext4"), stats.bytes, key, m.source_date_epoch, logs / "mke2fs.log");
    if (!size) return size.error();
    m.artifacts[image.name + ".ext4"] = *size;
  }
  if (!wants(image, "dir")) fs::remove_all(root, ec);

  // Pass: the manifest last, then the whole folder into place.
  if (auto ok = write_file_atomic(logs / "step-times.txt", times.finish()); !ok) return ok.error();
  if (auto ok = write_file_atomic(staging / "manifest.json", manifest_json(m).dump(2) + "\n"); !ok) return ok.error();
  if (auto ok = replace_directory(staging, options.out); !ok) return ok.error();
  return result;
}

}  // namespace ssi::image
