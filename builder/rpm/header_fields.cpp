#include "rpm/header_fields.hpp"

#include <rpm/rpmds.h>
#include <rpm/rpmfiles.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmtag.h>
#include <sys/stat.h>

#include <vector>

#include "rpm/handles.hpp"

namespace ssi::rpm {
namespace {

std::string text(Header h, rpmTagVal tag) {
  const char* s = headerGetString(h, tag);
  return s ? s : "";
}

std::vector<std::string> strings(Header h, rpmTagVal tag) {
  std::vector<std::string> out;
  TagData td(rpmtdNew());
  if (!headerGet(h, tag, td.get(), HEADERGET_MINMEM)) return out;
  while (const char* s = rpmtdNextString(td.get())) out.emplace_back(s);
  return out;
}

std::vector<std::uint64_t> numbers(Header h, rpmTagVal tag) {
  std::vector<std::uint64_t> out;
  TagData td(rpmtdNew());
  if (!headerGet(h, tag, td.get(), HEADERGET_MINMEM | HEADERGET_EXT)) return out;
  while (rpmtdNext(td.get()) >= 0) out.push_back(rpmtdGetNumber(td.get()));
  return out;
}

DepOp op_from_sense(rpmsenseFlags flags) {
  switch (flags & RPMSENSE_SENSEMASK) {
    case RPMSENSE_LESS: return DepOp::lt;
    case RPMSENSE_LESS | RPMSENSE_EQUAL: return DepOp::le;
    case RPMSENSE_EQUAL: return DepOp::eq;
    case RPMSENSE_GREATER | RPMSENSE_EQUAL: return DepOp::ge;
    case RPMSENSE_GREATER: return DepOp::gt;
    default: return DepOp::none;
  }
}

rpmTagVal name_tag(DepKind kind) {
  switch (kind) {
    case DepKind::provide: return RPMTAG_PROVIDENAME;
    case DepKind::require: return RPMTAG_REQUIRENAME;
    case DepKind::conflict: return RPMTAG_CONFLICTNAME;
    case DepKind::obsolete: return RPMTAG_OBSOLETENAME;
    case DepKind::recommend: return RPMTAG_RECOMMENDNAME;
    case DepKind::suggest: return RPMTAG_SUGGESTNAME;
    case DepKind::supplement: return RPMTAG_SUPPLEMENTNAME;
    case DepKind::enhance: return RPMTAG_ENHANCENAME;
  }
  return RPMTAG_PROVIDENAME;
}

// Without a pool each rpmdsNew and rpmfilesNew makes and frees a string pool of its own, a tenth
// of an index run's time; one per thread is kept instead (it holds names and paths, interned).
rpmstrPool thread_string_pool() {
  thread_local const StringPool pool(rpmstrPoolCreate());
  return pool.get();
}

std::vector<Dependency> dependencies(Header h, DepKind kind) {
  constexpr rpmsenseFlags kScriptletPrereq = RPMSENSE_PREREQ | RPMSENSE_SCRIPT_PRE |
                                             RPMSENSE_SCRIPT_POST | RPMSENSE_SCRIPT_PREUN |
                                             RPMSENSE_SCRIPT_POSTUN;
  std::vector<Dependency> out;
  DependencySet ds(rpmdsNewPool(thread_string_pool(), h, name_tag(kind), 0));
  if (!ds) return out;
  rpmdsInit(ds.get());
  while (rpmdsNext(ds.get()) >= 0) {
    const rpmsenseFlags flags = rpmdsFlags(ds.get());
    // rpmlib(...) features are promises about rpm itself; no package provides them.
    if (flags & RPMSENSE_RPMLIB) continue;
    Dependency dep;
    dep.name = rpmdsN(ds.get());
    dep.op = op_from_sense(flags);
    if (dep.op != DepOp::none && rpmdsEVR(ds.get())) dep.evr = rpmdsEVR(ds.get());
    dep.pre = kind == DepKind::require && (flags & kScriptletPrereq);
    out.push_back(std::move(dep));
  }
  return out;
}

std::vector<FileEntry> files(Header h) {
  std::vector<FileEntry> out;
  FileSet fs(rpmfilesNew(thread_string_pool(), h, RPMTAG_BASENAMES, RPMFI_KEEPHEADER));
  if (!fs) return out;
  FileIterator fi(rpmfilesIter(fs.get(), RPMFI_ITER_FWD));
  while (rpmfiNext(fi.get()) >= 0) {
    FileEntry entry{rpmfiFN(fi.get()), FileKind::file};
    if (rpmfiFFlags(fi.get()) & RPMFILE_GHOST) entry.kind = FileKind::ghost;
    else if (S_ISDIR(rpmfiFMode(fi.get()))) entry.kind = FileKind::dir;
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<ChangelogEntry> changelog(Header h) {
  const auto times = numbers(h, RPMTAG_CHANGELOGTIME);
  const auto authors = strings(h, RPMTAG_CHANGELOGNAME);
  const auto texts = strings(h, RPMTAG_CHANGELOGTEXT);
  std::vector<ChangelogEntry> out;
  for (std::size_t i = 0; i < times.size() && i < authors.size() && i < texts.size(); ++i)
    out.push_back({authors[i], static_cast<std::int64_t>(times[i]), texts[i]});
  return out;
}

}  // namespace

PackageRecord record_from_header(Header h) {
  PackageRecord r;
  r.name = text(h, RPMTAG_NAME);
  if (headerIsEntry(h, RPMTAG_EPOCH)) r.epoch = static_cast<std::uint32_t>(headerGetNumber(h, RPMTAG_EPOCH));
  r.version = text(h, RPMTAG_VERSION);
  r.release = text(h, RPMTAG_RELEASE);
  r.arch = headerIsSource(h) ? "src" : text(h, RPMTAG_ARCH);
  r.summary = text(h, RPMTAG_SUMMARY);
  r.description = text(h, RPMTAG_DESCRIPTION);
  r.url = text(h, RPMTAG_URL);
  r.license = text(h, RPMTAG_LICENSE);
  r.vendor = text(h, RPMTAG_VENDOR);
  r.group = text(h, RPMTAG_GROUP);
  r.packager = text(h, RPMTAG_PACKAGER);
  r.buildhost = text(h, RPMTAG_BUILDHOST);
  r.sourcerpm = text(h, RPMTAG_SOURCERPM);
  r.buildtime = static_cast<std::int64_t>(headerGetNumber(h, RPMTAG_BUILDTIME));
  r.install_size = headerGetNumber(h, RPMTAG_LONGSIZE);
  r.archive_size = headerGetNumber(h, RPMTAG_LONGARCHIVESIZE);
  for (DepKind kind : kAllDepKinds) r.deps(kind) = dependencies(h, kind);
  r.files = files(h);
  r.changelog = changelog(h);
  return r;
}

std::string header_payload_sha256(Header h) {
  if (headerGetNumber(h, RPMTAG_PAYLOADDIGESTALGO) != PGPHASHALGO_SHA256) return "";
  const auto digests = strings(h, RPMTAG_PAYLOADDIGEST);
  return digests.empty() ? "" : digests.front();
}

}  // namespace ssi::rpm
