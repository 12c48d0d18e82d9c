#include "image/image_report.hpp"

#include <algorithm>

namespace ssi::image {
namespace {

std::vector<SizeRow> sorted(std::map<std::string, SizeRow> rows) {
  std::vector<SizeRow> out;
  for (auto& [label, row] : rows) out.push_back(row);
  std::sort(out.begin(), out.end(),
            [](const SizeRow& a, const SizeRow& b) { return a.bytes != b.bytes ? a.bytes > b.bytes : a.label < b.label; });
  return out;
}

std::string attribution(const ManifestPackage& p) {
  std::string label = group_label(p.group);
  if (p.root != p.name) label += " (via " + p.root + ")";
  return label;
}

std::map<std::string, const ManifestPackage*> by_name(const Manifest& m) {
  std::map<std::string, const ManifestPackage*> out;
  for (const auto& p : m.packages) out[p.name] = &p;
  return out;
}

std::int64_t delta(std::uint64_t before, std::uint64_t after) {
  return static_cast<std::int64_t>(after) - static_cast<std::int64_t>(before);
}

}  // namespace

std::string group_label(const std::string& group) {
  if (group.starts_with("oscar:")) return "OSCAR package " + group.substr(6);
  if (group == "kernel") return "the kernel";
  return "listed in the definition";
}

Report make_report(const Manifest& m) {
  Report r{m, {}, {}, {}};
  std::map<std::string, SizeRow> packages, groups, directories;
  for (const auto& p : m.packages) {
    packages[p.name] = {p.name, p.installed_size, p.files};
    auto& g = groups[p.group];
    g.label = group_label(p.group);
    g.bytes += p.installed_size;
    ++g.count;
  }
  for (const auto& [dir, bytes] : m.directories) directories[dir] = {dir, bytes, 0};
  r.packages = sorted(packages);
  r.groups = sorted(groups);
  r.directories = sorted(directories);
  return r;
}

ImageDiff diff_images(const Manifest& a, const Manifest& b) {
  ImageDiff d{a, b, {}, {}, {}, {}, delta(a.installed_size, b.installed_size)};
  const auto in_a = by_name(a), in_b = by_name(b);
  for (const auto& [name, p] : in_b) {
    auto old = in_a.find(name);
    if (old == in_a.end()) d.added.push_back({name, "", p->nevra, delta(0, p->installed_size), attribution(*p)});
    else if (old->second->nevra != p->nevra || old->second->installed_size != p->installed_size)
      d.changed.push_back({name, old->second->nevra, p->nevra, delta(old->second->installed_size, p->installed_size), attribution(*p)});
  }
  for (const auto& [name, p] : in_a)
    if (!in_b.count(name)) d.removed.push_back({name, p->nevra, "", delta(p->installed_size, 0), attribution(*p)});
  auto by_size = [](const PackageChange& x, const PackageChange& y) {
    return std::abs(x.delta) != std::abs(y.delta) ? std::abs(x.delta) > std::abs(y.delta) : x.name < y.name;
  };
  for (auto* list : {&d.added, &d.removed, &d.changed}) std::sort(list->begin(), list->end(), by_size);
  std::map<std::string, GroupDelta> groups;
  for (const auto& p : a.packages) groups[group_label(p.group)].before += p.installed_size;
  for (const auto& p : b.packages) groups[group_label(p.group)].after += p.installed_size;
  for (auto& [label, g] : groups) {
    g.label = label;
    d.groups.push_back(g);
  }
  std::sort(d.groups.begin(), d.groups.end(), [](const GroupDelta& x, const GroupDelta& y) {
    return std::abs(delta(x.before, x.after)) > std::abs(delta(y.before, y.after));
  });
  return d;
}

}  // namespace ssi::image
