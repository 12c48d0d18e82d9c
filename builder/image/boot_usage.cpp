#include "image/boot_usage.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "image/boot_files.hpp"
#include "image/image_report.hpp"
#include "rpm/installed_db.hpp"
#include "util/fs.hpp"
#include "util/root_path.hpp"
#include "util/text.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

std::uint64_t unopened(const UsageCount& c) { return c.bytes - c.opened_bytes; }

// The size of a regular file of the tree; nullopt for anything else (a folder, a link, gone).
std::optional<std::uint64_t> regular_size(const fs::path& root, const std::string& relative) {
  struct stat st {};
  if (::lstat((root / relative).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return static_cast<std::uint64_t>(st.st_size);
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "-" : std::to_string((part * 100 + whole / 2) / whole) + "%";
}

}  // namespace

fs::path boot_usage_file(const fs::path& image_dir) { return image_dir / "boot-usage.txt"; }
fs::path cluster_usage_file(const fs::path& image_dir) { return image_dir / "cluster-usage.txt"; }

std::optional<std::set<std::string>> listed_opened(const std::vector<std::string>& console_lines) {
  std::set<std::string> opened;
  bool done = false;
  for (const auto& line : console_lines) {
    if (line.starts_with(kUsedPrefix)) opened.insert(line.substr(std::string_view(kUsedPrefix).size()));
    done = done || line.starts_with(kUsageDone);
  }
  if (!done) return std::nullopt;
  return opened;
}

Status write_opened(const fs::path& file, const std::set<std::string>& opened) {
  std::string list;
  for (const auto& path : opened) list += path + "\n";
  return write_file_atomic(file, list);
}

void UsageCount::add(std::uint64_t size, bool opened) {
  ++files;
  bytes += size;
  if (opened) {
    ++opened_files;
    opened_bytes += size;
  }
}

BootUsage usage_of(const fs::path& root, const std::vector<PackageRecord>& installed, const Manifest& manifest,
                   const std::set<std::string>& opened) {
  BootUsage usage;
  usage.image = manifest.name;
  std::map<std::string, std::string> group_of;
  for (const auto& p : manifest.packages) group_of[p.name] = p.group;

  // Each shipped regular file counts once for the whole and once for every package that owns it.
  std::set<std::string> opened_relative;
  for (const auto& path : opened) opened_relative.insert(fs::path(path).relative_path().string());
  // A link the node went through (python3 -> python3.13, lib -> usr/lib) leaves the access time
  // on what it leads to: the package that ships the link is in use when that file, or a file in
  // that folder, was opened.
  const auto leads_to_opened = [&](const std::string& package_path) {
    std::error_code ec;
    if (!fs::is_symlink(in_root(root, package_path, FinalLink::keep), ec)) return false;
    const std::string target = in_root(root, package_path).lexically_relative(root).generic_string();
    if (opened_relative.count(target)) return true;
    const auto inside = opened_relative.lower_bound(target + "/");
    return inside != opened_relative.end() && inside->starts_with(target + "/");
  };
  std::set<std::string> owned;
  TreePaths tree(root);
  std::map<std::string, GroupUsage> groups;
  for (const auto& package : installed) {
    PackageUsage p{package.name, group_of.count(package.name) ? group_of[package.name] : "", {}};
    std::set<std::string> seen;  // a package may name one file twice (through a linked folder)
    for (const auto& file : package.files) {
      if (file.kind != FileKind::file) continue;
      const std::string path = tree.relative(file.path);
      if (path.empty() || !seen.insert(path).second) continue;
      const auto size = regular_size(root, path);
      if (!size) {
        p.opened_through_link = p.opened_through_link || leads_to_opened(file.path);
        continue;
      }
      const bool was_opened = opened_relative.count(path) > 0;
      p.count.add(*size, was_opened);
      if (owned.insert(path).second) {
        usage.total.add(*size, was_opened);
        auto& g = groups[p.group];
        g.group = p.group;
        g.count.add(*size, was_opened);
      }
    }
    if (p.count.files > 0) usage.packages.push_back(std::move(p));
  }
  // The files no package owns: the ones the image made (accounts, the init hook, cluster files).
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    const std::string path = it->path().lexically_relative(root).string();
    if (owned.count(path)) continue;
    usage.total.add(it->file_size(ec), opened_relative.count(path) > 0);
  }

  const auto most_unopened = [](const auto& a, const auto& b) {
    return unopened(a.count) != unopened(b.count) ? unopened(a.count) > unopened(b.count) : a.count.files > b.count.files;
  };
  std::stable_sort(usage.packages.begin(), usage.packages.end(), most_unopened);
  for (auto& [name, g] : groups) usage.groups.push_back(std::move(g));
  std::stable_sort(usage.groups.begin(), usage.groups.end(), most_unopened);
  // Biggest saving first, as the packages are listed.
  for (const auto& p : usage.packages)
    if (p.count.opened_files == 0 && !p.opened_through_link && p.group != "kernel" && p.name != manifest.kernel.package) {
      usage.proposed.push_back(p.name);
      usage.proposed_files += p.count.files;
      usage.proposed_bytes += p.count.bytes;
    }
  return usage;
}

Expected<BootUsage> boot_usage(const fs::path& image_dir) {
  auto manifest = load_manifest(image_dir);
  if (!manifest) return manifest.error();
  std::set<std::string> opened;
  std::vector<std::string> sources;
  for (const auto& [list, source] : {std::pair{boot_usage_file(image_dir), "boot test"}, {cluster_usage_file(image_dir), "cluster test"}}) {
    auto text = read_file(list);
    if (!text) continue;
    sources.push_back(source);
    std::istringstream lines(*text);
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) opened.insert(line);
  }
  if (sources.empty())
    return bad_input(boot_usage_file(image_dir).string() + ": missing: boot-test the image with --usage first (ssi-oscar image boot-test " +
                     image_dir.string() + " --usage), or cluster-test it with --usage");
  const fs::path root = image_dir / "root";
  if (!fs::is_directory(root))
    return bad_input(root.string() + ": missing: the image was built without its \"dir\" format, which usage needs");
  auto installed = rpm::read_installed(root);
  if (!installed) return installed.error();
  auto usage = usage_of(root, *installed, *manifest, opened);
  usage.sources = std::move(sources);
  return usage;
}

std::string usage_text(const BootUsage& u, std::size_t rows) {
  std::string from;
  for (const auto& s : u.sources) from += (from.empty() ? "" : " and ") + s;
  const bool cluster = std::find(u.sources.begin(), u.sources.end(), "cluster test") != u.sources.end();
  std::string out = "Usage of " + u.image + (from.empty() ? "" : " (" + from + ")") + ": " + std::to_string(u.total.opened_files) + " of " +
                    std::to_string(u.total.files) + " shipped files opened, " + human_size(u.total.opened_bytes) + " of " +
                    human_size(u.total.bytes) + "\n";
  out += "\nBy package (most unopened bytes first):\n";
  std::vector<std::vector<std::string>> table = {{"PACKAGE", "FILES OPENED", "OPENED", "UNOPENED", "FROM"}};
  for (std::size_t i = 0; i < u.packages.size() && i < rows; ++i) {
    const auto& p = u.packages[i];
    table.push_back({p.name, std::to_string(p.count.opened_files) + "/" + std::to_string(p.count.files),
                     human_size(p.count.opened_bytes), human_size(unopened(p.count)), group_label(p.group)});
  }
  out += format_table(table);
  if (u.packages.size() > rows) out += "  (" + std::to_string(u.packages.size() - rows) + " more)\n";
  out += "\nBy what put the packages there:\n";
  table = {{"FROM", "OPENED", "UNOPENED", "OF ITS BYTES OPENED"}};
  for (const auto& g : u.groups)
    table.push_back({group_label(g.group), human_size(g.count.opened_bytes), human_size(unopened(g.count)),
                     percent(g.count.opened_bytes, g.count.bytes)});
  out += format_table(table);
  if (u.proposed.empty()) {
    out += "\nEvery package with shipped files had one opened: nothing to propose.\n";
    return out;
  }
  std::string names;
  for (const auto& n : u.proposed) names += (names.empty() ? "\"" : ", \"") + n + "\"";
  out += "\nProposed: " + std::to_string(u.proposed.size()) + " packages none of whose files the nodes opened, " +
         std::to_string(u.proposed_files) + " files, " + human_size(u.proposed_bytes) +
         " (the image's own kernel is slimmed by `modules` instead). In the image definition:\n  not_shipped = [" + names + "]\n" +
         (cluster ? "The nodes ran the image's checks and the cluster test's suites: what else a node's life opens is in the list too."
                  : "The boot ran the image's checks only: what a cluster alone opens (sshd, NFS, Slurm's daemons) is in the list too.") +
         " Build with it, then boot-test and cluster-test the result before shipping it.\n";
  return out;
}

nlohmann::json usage_json(const BootUsage& u) {
  const auto count = [](const UsageCount& c) {
    return nlohmann::json{{"files", c.files}, {"bytes", c.bytes}, {"opened_files", c.opened_files}, {"opened_bytes", c.opened_bytes}};
  };
  nlohmann::json packages = nlohmann::json::array(), groups = nlohmann::json::array();
  for (const auto& p : u.packages) packages.push_back({{"name", p.name}, {"group", p.group}, {"usage", count(p.count)}});
  for (const auto& g : u.groups) groups.push_back({{"group", g.group}, {"usage", count(g.count)}});
  return {{"image", u.image},
          {"sources", u.sources},
          {"total", count(u.total)},
          {"packages", packages},
          {"groups", groups},
          {"proposed", {{"not_shipped", u.proposed}, {"files", u.proposed_files}, {"bytes", u.proposed_bytes}}}};
}

}  // namespace ssi::image
