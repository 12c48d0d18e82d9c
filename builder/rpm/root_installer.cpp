#include "rpm/root_installer.hpp"

#include <rpm/rpmlib.h>
#include <rpm/rpmps.h>

#include <cstdlib>
#include <map>
#include <optional>

#include "rpm/handles.hpp"
#include "rpm/rpm_config.hpp"
#include "rpm/rpm_log.hpp"
#include "util/fs.hpp"

namespace ssi::rpm {
namespace fs = std::filesystem;
namespace {

struct Notify {
  std::map<std::string, FD_t> open;  // package file -> its descriptor while rpm reads it
  std::vector<std::string> scriptlet_failures;
  Progress* progress = nullptr;
};

void* on_notify(const void* header, rpmCallbackType what, rpm_loff_t amount, rpm_loff_t, fnpyKey key, rpmCallbackData data) {
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
      n->scriptlet_failures.push_back(std::string("scriptlet of ") + (nevra ? nevra : "?") + " failed (exit " +
                                      std::to_string(amount) + ")");
      return nullptr;
    }
    default:
      return nullptr;
  }
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

}  // namespace

Expected<InstallReport> install_into_root(const fs::path& root, const std::vector<fs::path>& packages,
                                          Scriptlets scriptlets, std::int64_t install_time, ShowProgress show) {
  ensure_configured();
  capture_log_messages();
  // rpm stamps installed headers (INSTALLTIME, INSTALLTID) with SOURCE_DATE_EPOCH when it is set.
  const ScopedEnv epoch("SOURCE_DATE_EPOCH", std::to_string(install_time));
  const fs::path absolute = fs::absolute(root);
  if (auto ok = ensure_directory(absolute / "var/lib/rpm"); !ok) return ok.error();
  TransactionSet ts(rpmtsCreate());
  if (rpmtsSetRootDir(ts.get(), absolute.c_str()) != 0) return step_failed(absolute.string() + ": not usable as an rpm root");
  rpmtsSetVSFlags(ts.get(), rpmtsVSFlags(ts.get()) | RPMVSF_MASK_NOSIGNATURES);
  // The keys rpm hands back to the callback: stable strings for the whole transaction.
  std::vector<std::string> keys;
  keys.reserve(packages.size());
  std::string unreadable;
  for (const auto& p : packages) {
    keys.push_back(fs::absolute(p).string());
    File fd(Fopen(keys.back().c_str(), "r.ufdio"));
    if (!fd || Ferror(fd.get())) {
      unreadable += "\n  " + keys.back() + ": cannot be opened";
      continue;
    }
    Header raw = nullptr;
    const rpmRC rc = rpmReadPackageFile(ts.get(), fd.get(), keys.back().c_str(), &raw);
    HeaderPtr header(raw);
    if (rc != RPMRC_OK && rc != RPMRC_NOTTRUSTED && rc != RPMRC_NOKEY) {
      unreadable += "\n  " + keys.back() + ": not a readable RPM (" + take_last_log_message() + ")";
      continue;
    }
    if (rpmtsAddInstallElement(ts.get(), header.get(), keys.back().c_str(), 0, nullptr) != 0)
      unreadable += "\n  " + keys.back() + ": rpm refused to add it to the transaction";
  }
  if (!unreadable.empty()) return step_failed("cannot install into " + root.string() + ":" + unreadable);

  Progress progress("installing", packages.size(), show);
  Notify notify{{}, {}, &progress};
  rpmtsSetNotifyCallback(ts.get(), on_notify, &notify);
  rpmtransFlags flags = RPMTRANS_FLAG_NONE;
  if (scriptlets == Scriptlets::skip) flags |= RPMTRANS_FLAG_NOSCRIPTS | RPMTRANS_FLAG_NOTRIGGERS;
  rpmtsSetFlags(ts.get(), flags);
  rpmtsOrder(ts.get());
  const int rc = rpmtsRun(ts.get(), nullptr, RPMPROB_FILTER_NONE);
  for (auto& [path, fd] : notify.open) Fclose(fd);
  if (rc != 0) {
    const std::string problems = problems_text(ts.get());
    return step_failed("installing " + std::to_string(packages.size()) + " packages into " + root.string() + " failed" +
                       (problems.empty() ? ": " + take_last_log_message() : ":" + problems));
  }
  rpmtsCloseDB(ts.get());
  return InstallReport{packages.size(), notify.scriptlet_failures};
}

}  // namespace ssi::rpm
