#include "rpm/root_installer.hpp"

#include <rpm/rpmlib.h>
#include <rpm/rpmps.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "rpm/handles.hpp"
#include "rpm/rpm_config.hpp"
#include "rpm/rpm_log.hpp"
#include "util/archive_safety.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace ssi::rpm {
namespace fs = std::filesystem;
namespace {

struct Notify {
  std::map<std::string, FD_t> open;  // package file -> its descriptor while rpm reads it
  std::vector<std::string> scriptlet_failures;
  Progress* progress = nullptr;
};

void* on_notify(const void* header, rpmCallbackType what, rpm_loff_t, rpm_loff_t, fnpyKey key, rpmCallbackData data) {
  auto* n = static_cast<Notify*>(data);
  const char* path = static_cast<const char*>(key);
  switch (what) {
    case RPMCALLBACK_INST_OPEN_FILE: {
      FD_t fd = Fopen(path, "r.ufdio");
      if (fd && Ferror(fd)) {
        Fclose(fd);
        return nullptr;
      }
      n->open[path] = fd;
      n->progress->advance();
      return fd;
    }
    case RPMCALLBACK_INST_CLOSE_FILE:
      if (auto it = n->open.find(path); it != n->open.end()) {
        Fclose(it->second);
        n->open.erase(it);
      }
      return nullptr;
    case RPMCALLBACK_SCRIPT_ERROR: {
      const char* nevra = header ? headerGetString(static_cast<Header>(const_cast<void*>(header)), RPMTAG_NEVRA) : nullptr;
      const std::string who = nevra ? nevra : path ? fs::path(path).filename().string() : "a package";
      n->scriptlet_failures.push_back("a scriptlet of " + who + " failed");
      return nullptr;
    }
    default:
      return nullptr;
  }
}

// Debian's Replaces, carried by imported packages as "debian-replaces(NAME)" provides: the
// package may take files over from NAME.
using Replaces = std::map<std::string, std::set<std::string>>;  // NEVR or NEVRA -> replaced names

void note_replaces(Header h, Replaces& replaces, std::map<std::string, std::string>& names) {
  const std::string name = headerGetString(h, RPMTAG_NAME);
  for (const rpmTagVal tag : {RPMTAG_NEVR, RPMTAG_NEVRA}) {
    char* nevr = headerGetAsString(h, tag);
    if (nevr) names[nevr] = name;
    free(nevr);
  }
  TagData td(rpmtdNew());
  if (!headerGet(h, RPMTAG_PROVIDENAME, td.get(), HEADERGET_MINMEM)) return;
  while (const char* provide = rpmtdNextString(td.get())) {
    const std::string p = provide;
    if (p.starts_with("debian-replaces(") && p.ends_with(")")) replaces[name].insert(p.substr(16, p.size() - 17));
  }
}

// True when every problem is a file conflict that a declared Replaces settles.
bool only_replaced_files(rpmts ts, const Replaces& replaces, const std::map<std::string, std::string>& names) {
  auto name_of = [&](const char* nevr) {
    const auto it = nevr ? names.find(nevr) : names.end();
    return it == names.end() ? std::string() : it->second;
  };
  auto replaces_one = [&](const std::string& a, const std::string& b) {
    const auto it = replaces.find(a);
    return it != replaces.end() && it->second.count(b);
  };
  bool any = false, all = true;
  rpmps ps = rpmtsProblems(ts);
  rpmpsi it = rpmpsInitIterator(ps);
  while (rpmpsNextIterator(it) >= 0) {
    rpmProblem p = rpmpsGetProblem(it);
    const auto type = rpmProblemGetType(p);
    const std::string a = name_of(rpmProblemGetPkgNEVR(p)), b = name_of(rpmProblemGetAltNEVR(p));
    any = true;
    if ((type != RPMPROB_FILE_CONFLICT && type != RPMPROB_NEW_FILE_CONFLICT) || !(replaces_one(a, b) || replaces_one(b, a)))
      all = false;
  }
  rpmpsFreeIterator(it);
  rpmpsFree(ps);
  return any && all;
}

std::string problems_text(rpmts ts) {
  std::string text;
  rpmps ps = rpmtsProblems(ts);
  rpmpsi it = rpmpsInitIterator(ps);
  while (rpmpsNextIterator(it) >= 0) {
    char* s = rpmProblemString(rpmpsGetProblem(it));
    text += std::string("\n  ") + (s ? s : "?");
    free(s);
  }
  rpmpsFreeIterator(it);
  rpmpsFree(ps);
  return text;
}

// Sets an environment variable for one scope and restores the old value (single-threaded callers).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A transaction set installing `keys` (absolute package paths) into `root`, with what the
// packages declare about Debian's Replaces.
struct Transaction {
  TransactionSet ts;
  Replaces replaces;
  std::map<std::string, std::string> names;
};

// A package whose file names could leave the root is refused before anything is installed.
// (Symlinks cannot lead out: rpm installs chrooted into the root.)
std::vector<std::string> unsafe_file_names(Header h, const std::string& key) {
  std::vector<std::string> problems;
  FileSet files(rpmfilesNew(nullptr, h, RPMTAG_BASENAMES, RPMFI_KEEPHEADER));
  if (!files) return problems;
  FileIterator fi(rpmfilesIter(files.get(), RPMFI_ITER_FWD));
  while (rpmfiNext(fi.get()) >= 0) {
    const char* name = rpmfiFN(fi.get());
    if (const std::string why = unsafe_name(name ? name : "", Rooted::yes); !why.empty())
      problems.push_back(key + ": package " + headerGetString(h, RPMTAG_NEVRA) + ": " + (name ? name : "") + ": " + why);
  }
  return problems;
}

Expected<Transaction> make_transaction(const fs::path& root, const std::vector<std::string>& keys, Scriptlets scriptlets) {
  Transaction t{TransactionSet(rpmtsCreate()), {}, {}};
  if (rpmtsSetRootDir(t.ts.get(), root.c_str()) != 0) return step_failed(root.string() + ": not usable as an rpm root");
  rpmtsSetVSFlags(t.ts.get(), rpmtsVSFlags(t.ts.get()) | RPMVSF_MASK_NOSIGNATURES);
  std::string unreadable, unsafe;
  for (const auto& key : keys) {
    File fd(Fopen(key.c_str(), "r.ufdio"));
    if (!fd || Ferror(fd.get())) {
      unreadable += "\n  " + key + ": cannot be opened";
      continue;
    }
    Header raw = nullptr;
    const rpmRC rc = rpmReadPackageFile(t.ts.get(), fd.get(), key.c_str(), &raw);
    HeaderPtr header(raw);
    if (rc != RPMRC_OK && rc != RPMRC_NOTTRUSTED && rc != RPMRC_NOKEY) {
      unreadable += "\n  " + key + ": not a readable RPM (" + take_last_log_message() + ")";
      continue;
    }
    for (const auto& why : unsafe_file_names(header.get(), key)) append_line(unsafe, why);
    note_replaces(header.get(), t.replaces, t.names);
    if (rpmtsAddInstallElement(t.ts.get(), header.get(), key.c_str(), 0, nullptr) != 0)
      unreadable += "\n  " + key + ": rpm refused to add it to the transaction";
  }
  if (!unsafe.empty()) return bad_input(unsafe);
  if (!unreadable.empty()) return step_failed("cannot install into " + root.string() + ":" + unreadable);
  rpmtransFlags flags = RPMTRANS_FLAG_NONE;
  if (scriptlets == Scriptlets::skip) flags |= RPMTRANS_FLAG_NOSCRIPTS | RPMTRANS_FLAG_NOTRIGGERS;
  rpmtsSetFlags(t.ts.get(), flags);
  rpmtsOrder(t.ts.get());
  return t;
}

}  // namespace

Expected<InstallReport> install_into_root(const fs::path& root, const std::vector<fs::path>& packages,
                                          Scriptlets scriptlets, std::int64_t install_time, ShowProgress show) {
  ensure_configured();
  capture_log_messages();
  // rpm stamps installed headers (INSTALLTIME, INSTALLTID) with SOURCE_DATE_EPOCH when it is set.
  const ScopedEnv epoch("SOURCE_DATE_EPOCH", std::to_string(install_time));
  const fs::path absolute = fs::absolute(root);
  if (auto ok = ensure_directory(absolute / "var/lib/rpm"); !ok) return ok.error();
  // The keys rpm hands back to the callback: stable strings for the whole transaction.
  std::vector<std::string> keys;
  for (const auto& p : packages) keys.push_back(fs::absolute(p).string());
  auto t = make_transaction(absolute, keys, scriptlets);
  if (!t) return t.error();

  Progress progress("installing", packages.size(), show);
  Notify notify{{}, {}, &progress};
  rpmtsSetNotifyCallback(t->ts.get(), on_notify, &notify);
  int rc = rpmtsRun(t->ts.get(), nullptr, RPMPROB_FILTER_NONE);
  // Nothing was installed yet: a fresh transaction lets the declared takeovers happen (the
  // first one keeps its packages marked as failed).
  if (rc > 0 && only_replaced_files(t->ts.get(), t->replaces, t->names)) {
    t = make_transaction(absolute, keys, scriptlets);
    if (!t) return t.error();
    rpmtsSetNotifyCallback(t->ts.get(), on_notify, &notify);
    rc = rpmtsRun(t->ts.get(), nullptr, RPMPROB_FILTER_REPLACENEWFILES | RPMPROB_FILTER_REPLACEOLDFILES);
  }
  for (auto& [path, fd] : notify.open) Fclose(fd);
  if (rc != 0) {
    const std::string problems = problems_text(t->ts.get());
    return step_failed("installing " + std::to_string(packages.size()) + " packages into " + root.string() + " failed" +
                       (problems.empty() ? ": " + take_error_messages() : ":" + problems) + full_disk_note(absolute));
  }
  rpmtsCloseDB(t->ts.get());
  return InstallReport{packages.size(), notify.scriptlet_failures};
}

}  // namespace ssi::rpm
