#include "solve/query.hpp"

#include <algorithm>

namespace ssi::solve {
namespace {

constexpr std::pair<const char*, Id> kDependencyKeys[] = {
    {"provides", SOLVABLE_PROVIDES},     {"requires", SOLVABLE_REQUIRES},     {"conflicts", SOLVABLE_CONFLICTS},
    {"obsoletes", SOLVABLE_OBSOLETES},   {"recommends", SOLVABLE_RECOMMENDS}, {"suggests", SOLVABLE_SUGGESTS},
    {"supplements", SOLVABLE_SUPPLEMENTS}, {"enhances", SOLVABLE_ENHANCES}};

std::string lookup(Solvable* s, Id key) {
  const char* text = solvable_lookup_str(s, key);
  return text ? text : "";
}

PackageInfo info_of(::Pool* pool, Id p, Detail detail) {
  Solvable* s = pool_id2solvable(pool, p);
  PackageInfo info;
  info.nevra = pool_solvable2str(pool, s);
  info.name = pool_id2str(pool, s->name);
  info.evr = pool_id2str(pool, s->evr);
  info.arch = pool_id2str(pool, s->arch);
  info.repo = s->repo->name ? s->repo->name : "";
  if (const char* location = solvable_lookup_location(s, nullptr)) info.location = location;
  info.summary = lookup(s, SOLVABLE_SUMMARY);
  info.download_size = solvable_lookup_num(s, SOLVABLE_DOWNLOADSIZE, 0);
  info.install_size = solvable_lookup_num(s, SOLVABLE_INSTALLSIZE, 0);
  if (detail == Detail::brief) return info;
  info.description = lookup(s, SOLVABLE_DESCRIPTION);
  info.license = lookup(s, SOLVABLE_LICENSE);
  info.url = lookup(s, SOLVABLE_URL);
  if (const char* source = solvable_lookup_sourcepkg(s)) info.sourcerpm = source;
  for (const auto& [label, key] : kDependencyKeys) {
    IdQueue deps;
    solvable_lookup_deparray(s, key, deps.get(), 0);
    std::vector<std::string> texts;
    for (Id dep : deps)
      if (dep != SOLVABLE_PREREQMARKER) texts.emplace_back(pool_dep2str(pool, dep));
    if (!texts.empty()) info.dependencies.emplace_back(label, std::move(texts));
  }
  return info;
}

std::vector<PackageInfo> infos(Pool& pool, const IdQueue& ids, Detail detail) {
  std::vector<PackageInfo> out;
  for (Id p : ids) out.push_back(info_of(pool.get(), p, detail));
  std::sort(out.begin(), out.end(), [](const PackageInfo& a, const PackageInfo& b) { return a.nevra < b.nevra; });
  return out;
}

std::vector<PackageInfo> select(Pool& pool, const std::string& text, int flags, Detail detail) {
  pool.prepare();
  IdQueue selection, ids;
  selection_make(pool.get(), selection.get(), text.c_str(), flags);
  selection_solvables(pool.get(), selection.get(), ids.get());
  return infos(pool, ids, detail);
}

}  // namespace

std::vector<PackageInfo> what_provides(Pool& pool, const std::string& capability) {
  int flags = SELECTION_PROVIDES | SELECTION_REL;
  if (capability.starts_with('/')) flags |= SELECTION_FILELIST;
  return select(pool, capability, flags, Detail::brief);
}

std::vector<PackageInfo> what_requires(Pool& pool, const std::string& capability) {
  pool.prepare();
  IdQueue ids;
  const Id dep = testcase_str2dep(pool.get(), capability.c_str());
  if (dep) pool_whatmatchesdep(pool.get(), SOLVABLE_REQUIRES, dep, ids.get(), -1);
  return infos(pool, ids, Detail::brief);
}

std::vector<PackageInfo> packages_named(Pool& pool, const std::string& name, Detail detail) {
  return select(pool, name, SELECTION_NAME | SELECTION_GLOB | SELECTION_DOTARCH | SELECTION_CANON, detail);
}

std::vector<PackageInfo> all_packages(Pool& pool) {
  IdQueue ids;
  ::Pool* raw = pool.get();
  for (Id p = 2; p < raw->nsolvables; ++p)
    if (pool_id2solvable(raw, p)->repo) ids.push(p);
  return infos(pool, ids, Detail::brief);
}

}  // namespace ssi::solve
