#include "distro/build_root.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "debimport/deb_control.hpp"
#include "util/fs.hpp"
#include "util/run_lock.hpp"
#include "util/sha256.hpp"
#include "util/subprocess.hpp"
#include "util/text.hpp"

namespace ssi::distro {
namespace fs = std::filesystem;
namespace {

// What decides a root's package set: the suites' indexes (named by their digests, which the
// signed InRelease vouches for), the package list and the way the root is made.
std::string request_key(const Distro& d, const std::vector<PackageSource>& sources) {
  std::string text = "mmdebstrap --variant=buildd\n" + d.name + "\n" + join(d.components, ",") + "\n" +
                     join(d.architectures, ",") + "\n";
  auto packages = d.build_packages;
  std::sort(packages.begin(), packages.end());
  text += join(packages, ",") + "\n";
  for (const auto& s : sources)
    if (s.only.empty())  // a borrowing suite is not the root's
      for (const auto& index : s.indexes) text += s.name + " " + index.filename().string() + "\n";
  return sha256_hex(text);
}

std::vector<std::string> mmdebstrap_command(const Distro& d, const FetchReport& suites, const fs::path& target) {
  // In a mount namespace of its own: mmdebstrap mounts /proc and /dev inside the new root, and a
  // run killed on the way must not leave them mounted on this host (the next run removes the
  // half-made root, and would remove through them).
  std::vector<std::string> argv = {"unshare", "--mount", "--propagation", "private", "--",
                                   "mmdebstrap", "--variant=buildd", "--mode=root",
                                   "--keyring=" + d.keyring.string(),
                                   "--components=" + join(d.components, ","),
                                   "--architectures=" + join(d.architectures, ",")};
  if (!d.build_packages.empty()) argv.push_back("--include=" + join(d.build_packages, ","));
  argv.push_back(d.suite);
  argv.push_back(target.string());
  for (const auto& s : suites.suites)
    if (s.only.empty()) argv.push_back("deb " + s.mirror + " " + s.suite + " " + join(d.components, " "));
  return argv;
}

// dpkg's own record of what it installed.
Expected<std::vector<std::pair<std::string, std::string>>> installed_packages(const fs::path& root) {
  const fs::path status = root / "var/lib/dpkg/status";
  auto text = read_file(status);
  if (!text) return text.error();
  std::vector<std::pair<std::string, std::string>> packages;
  std::size_t start = 0;
  while (start < text->size()) {
    std::size_t end = text->find("\n\n", start);
    if (end == std::string::npos) end = text->size();
    const std::string paragraph = text->substr(start, end - start);
    start = end + 2;
    if (trim(paragraph).empty()) continue;
    auto fields = debimport::parse_control(paragraph + "\n", status.string());
    if (!fields) return fields.error();
    const auto state = fields->find("Status");
    if (state == fields->end() || !state->second.ends_with(" installed")) continue;
    packages.emplace_back((*fields)["Package"], (*fields)["Version"]);
  }
  std::sort(packages.begin(), packages.end());
  return packages;
}

// The package that provides the root's `gcc` (a link to gcc-14), with its version.
std::string compiler_of(const fs::path& root, const std::vector<std::pair<std::string, std::string>>& packages) {
  std::error_code ec;
  const std::string target = fs::read_symlink(root / "usr/bin/gcc", ec).filename().string();
  for (const std::string& name : {target, std::string("gcc")})
    for (const auto& [package, version] : packages)
      if (package == name) return package + " " + version;
  return "none (no gcc in the root)";
}

Status write_record(const fs::path& file, const BuildRoot& root, const std::string& distro) {
  std::string text = "id: " + root.id + "\ndistro: " + distro + "\ncompiler: " + root.compiler + "\n";
  for (const auto& [name, version] : root.packages) text += "package: " + name + " " + version + "\n";
  return write_file_atomic(file, text);
}

Expected<BuildRoot> make_root(const Distro& d, const FetchReport& suites, const fs::path& roots) {
  if (!program_available("mmdebstrap"))
    return step_failed(d.file.string() + ": making the " + d.name + " build root needs mmdebstrap (apt-get install mmdebstrap)");
  BuildRoot root;
  root.made = true;
  root.log = roots / (d.name + ".make.log");
  const fs::path target = temporary_name(roots / d.name, "new");
  const RemoveOnExit remove_target(target);
  const auto started = std::chrono::steady_clock::now();
  auto run = run_process(mmdebstrap_command(d, suites, target), root.log);
  if (!run) return run.error();
  if (run->exit_code != 0)
    return step_failed(d.name + ": mmdebstrap could not make the build root (exit " + std::to_string(run->exit_code) +
                       "); log: " + root.log.string() + "\n" + log_tail(root.log, 10));
  root.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto packages = installed_packages(target);
  if (!packages) return packages.error();
  root.packages = std::move(packages).value();
  root.compiler = compiler_of(target, root.packages);
  std::string set;
  for (const auto& [name, version] : root.packages) set += name + " " + version + "\n";
  root.id = d.name + "-" + sha256_hex(set).substr(0, 16);
  root.dir = roots / root.id;
  std::error_code ec;
  if (!fs::is_directory(root.dir, ec)) {
    fs::rename(target, root.dir, ec);
    if (ec) return step_failed(root.dir.string() + ": cannot move the new build root there: " + ec.message());
  }
  if (auto ok = write_record(roots / (root.id + ".packages"), root, d.name); !ok) return ok.error();
  return root;
}

}  // namespace

std::string BuildRoot::description(const std::string& distro) const {
  std::string text = "build environment: the " + distro + " build root " + id + " (" + dir.string() + ")\n" +
                     "compiler: " + compiler + "\nbuild root packages (" + std::to_string(packages.size()) + "):\n";
  for (const auto& [name, version] : packages) text += "  " + name + " " + version + "\n";
  return text;
}

Expected<BuildRoot> read_build_root(const fs::path& record) {
  auto text = read_file(record);
  if (!text) return text.error();
  BuildRoot root;
  std::istringstream lines(*text);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("id: ")) root.id = line.substr(4);
    else if (line.starts_with("compiler: ")) root.compiler = line.substr(10);
    else if (line.starts_with("package: ")) {
      const std::string rest = line.substr(9);
      const auto blank = rest.find(' ');
      root.packages.emplace_back(rest.substr(0, blank), blank == std::string::npos ? "" : rest.substr(blank + 1));
    }
  }
  if (root.id.empty() || root.packages.empty()) return bad_input(record.string() + ": not a build root's record (no id or packages)");
  root.dir = record.parent_path() / root.id;
  return root;
}

Expected<BuildRoot> build_root(const Distro& d, const FetchOptions& options) {
  const fs::path roots = options.cache / "build-roots";
  if (auto ok = ensure_directory(roots / "requests"); !ok) return ok.error();
  FetchReport suites;
  std::string key;
  {
    auto cache_lock = lock_package_cache(d, options);
    if (!cache_lock) return cache_lock.error();
    auto sources = fetch_suite_indexes(d, options, suites);
    if (!sources) return sources.error();
    key = request_key(d, *sources);
  }
  auto lock = RunLock::acquire(roots / (d.name + ".lock"), "the " + d.name + " build roots in " + roots.string());
  if (!lock) return lock.error();
  remove_stale_temporaries(roots);
  const fs::path request = roots / "requests" / key;
  if (auto id = read_file(request)) {
    auto cached = read_build_root(roots / (trim(*id) + ".packages"));
    std::error_code ec;
    if (cached && fs::is_directory(cached->dir / "usr/bin", ec)) return cached;
  }
  auto made = make_root(d, suites, roots);
  if (!made) return made.error();
  if (auto ok = write_file_atomic(request, made->id + "\n"); !ok) return ok.error();
  return made;
}

void build_in_root(const Distro& d, const BuildRoot& root, recipe::BuildOptions& options) {
  options.release_tag = d.release_tag;
  options.build_root = root.dir;
  options.environment_key = "root " + root.id;
  options.environment = root.description(d.name);
}

void build_on_host(const Distro& d, recipe::BuildOptions& options) {
  options.release_tag = d.release_tag;
  options.environment_key = "host " + d.name;
  options.environment = "build environment: this host's toolchain (this host runs " + d.name + ", " + d.suite + ")\n";
}

bool is_host_distribution(const Distro& d, const fs::path& os_release) {
  auto text = read_file(os_release);
  if (!text) return false;
  std::istringstream lines(*text);
  for (std::string line; std::getline(lines, line);)
    if (line == "VERSION_CODENAME=" + d.suite || line == "VERSION_CODENAME=\"" + d.suite + "\"") return true;
  return false;
}

}  // namespace ssi::distro
