#include "kernel/kernel_recipe.hpp"

namespace ssi::kernel {
namespace fs = std::filesystem;
namespace {

// Level 9 on two workers: the output is the same for any number of workers, and the setting
// is stored in the package, so it is fixed rather than taken from this machine.
constexpr const char* kKernelPayload = "w9T2.zstdio";

bool is_make_target(const KernelBuild& b) {
  return b.config.ends_with("config") && b.config.find('/') == std::string::npos && b.config.find('.') == std::string::npos;
}

// Kbuild's own reproducibility knobs, and the release suffix; both the build and the install
// step need them so `make kernelrelease` agrees with what was built.
std::string make_environment(const KernelBuild& b) {
  return "export LOCALVERSION='" + b.local_version + "' KBUILD_BUILD_USER=ssi-oscar KBUILD_BUILD_HOST=reproducible\n"
         "export KBUILD_BUILD_TIMESTAMP=\"$(date -u -d @${SOURCE_DATE_EPOCH:-0} '+%%Y-%%m-%%d')\"\n";
}

// A patch that no longer applies stops the build with a line naming it (the build error's
// summary), then patch's own account of the rejected hunks.
std::string prep(const KernelDefinition& k) {
  const auto& r = k.recipe;
  std::string s = "%setup -q -c -T -n %{name}-%{version}\ntar --strip-components=1 -xf %{SOURCE0}\n"
                  "apply_patch() {\n"
                  "  patch -s -p\"$2\" -N --no-backup-if-mismatch -r - -i \"$1\" && return\n"
                  "  patch -p\"$2\" -N --dry-run -i \"$1\" >&2 || :\n"
                  "  echo \"ssi-oscar: patch $3 does not apply (its failed hunks are above)\" >&2\n"
                  "  exit 1\n"
                  "}\n";
  for (std::size_t i = 0; i < r.patches.size(); ++i)
    s += "apply_patch %{PATCH" + std::to_string(i) + "} " + std::to_string(r.patches[i].strip) + " '" +
         r.patches[i].file + "'\n";
  return s + k.build->prep;
}

// The definition's toolchain settings, given to every make so configuration, build and install
// see the same compiler.
std::string make(const KernelBuild& b) {
  std::string s = "make -s O=out";
  for (const auto& flag : b.make_flags) s += " '" + flag + "'";
  return s;
}

std::string build(const KernelDefinition& k) {
  const KernelBuild& b = *k.build;
  std::string s = make_environment(b) + "mkdir -p out\n";
  if (is_make_target(b)) s += make(b) + " " + b.config + "\n";
  else s += "cp %{_sourcedir}/" + b.config + " out/.config\n";
  if (!b.options.empty()) {
    s += "cat >> out/.config <<'EOF'\n";
    for (const auto& o : b.options) s += o + "\n";
    s += "EOF\n";
  }
  // oldconfig with every question answered by its default: works on 2.6 trees and new ones alike.
  s += "yes '' | " + make(b) + " oldconfig >/dev/null\n";
  // The compile's own time, in the build log: the part of a kernel build no tool can save
  // (scripts/demo sets the rest of its time against it).
  s += "make_started=$(date +%s)\n";
  s += make(b) + " -j\"$(nproc)\" " + b.target + (b.modules ? " modules" : "") + "\n";
  s += "echo \"kernel make: $(( $(date +%s) - make_started )) s\"\n";
  return s;
}

std::string install(const KernelDefinition& k) {
  const KernelBuild& b = *k.build;
  std::string s = make_environment(b);
  s += "krel=$(" + make(b) + " kernelrelease)\n"
       "install -D -m 0644 out/arch/x86/boot/" + b.target + " \"$DESTDIR/boot/vmlinuz-$krel\"\n"
       "install -m 0644 out/System.map \"$DESTDIR/boot/System.map-$krel\"\n"
       "install -m 0644 out/.config \"$DESTDIR/boot/config-$krel\"\n";
  // Modules lose their debug sections here, as rpm's strip scripts would have done afterwards.
  if (b.modules)
    s += make(b) + " INSTALL_MOD_PATH=\"$DESTDIR\" INSTALL_MOD_STRIP=1 modules_install\n"
         "rm -f \"$DESTDIR/lib/modules/$krel/build\" \"$DESTDIR/lib/modules/$krel/source\"\n";
  else
    s += "mkdir -p \"$DESTDIR/lib/modules/$krel\"\n";
  // Hard links, not a copy: the tree is hundreds of megabytes and nothing writes to it any more.
  if (!b.source_package.empty())
    s += "mkdir -p \"$DESTDIR/usr/src/linux-$krel\"\n"
         "find . -mindepth 1 -maxdepth 1 ! -name out -exec cp -al -t \"$DESTDIR/usr/src/linux-$krel\" {} +\n";
  return s;
}

}  // namespace

recipe::Recipe kernel_recipe(const KernelDefinition& k, const std::string& version) {
  recipe::Recipe r = k.recipe;
  const KernelBuild& b = *k.build;
  r.name = k.package;
  r.version = version;
  r.summary = k.summary;
  for (const char* tool : {"make", "tar", "patch", "gcc", "bc", "flex", "bison"}) r.build_tools.push_back(tool);
  // A kernel tree is hundreds of megabytes: zstd's level 19 would take minutes for a few percent,
  // so a middle level on zstd's own worker threads (docs/performance.md has the measures).
  // rpm's post-install scripts run `file` on every file of the buildroot to find ELF objects to
  // strip: 28,000 files of a source tree, when the only ELF files, the modules, are stripped
  // by modules_install. The source tree's scripts are not the package's dependencies (they want
  // python 2, old perl).
  r.spec_globals = {std::string("_binary_payload ") + kKernelPayload, "__os_install_post %{nil}",
                    "__requires_exclude_from ^/usr/src/", "__provides_exclude_from ^/usr/src/"};
  r.prep = prep(k);
  r.build = build(k);
  r.install = install(k);

  recipe::Subpackage kernel{k.package, k.summary, r.description, "", {}, {}, {}, {}, {}, {}};
  kernel.files = {"/boot/vmlinuz-*", "/boot/System.map-*", "/boot/config-*", "/lib/modules/*"};
  kernel.relations.requires_ = k.requires_;
  // Files an extra subpackage (Kerrighed's scheduler modules) claims are not the kernel's.
  for (const auto& extra : k.recipe.subpackages)
    for (const auto& f : extra.files) kernel.files.push_back("%exclude " + f);
  r.subpackages.insert(r.subpackages.begin(), kernel);
  if (!b.source_package.empty()) {
    recipe::Subpackage source{b.source_package, "Source tree of " + k.summary, "", "noarch", {}, {}, {}, {}, {}, {}};
    source.files = {"/usr/src/linux-*"};
    r.subpackages.push_back(source);
  }
  return r;
}

}  // namespace ssi::kernel
