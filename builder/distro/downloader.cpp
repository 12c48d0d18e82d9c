#include "distro/downloader.hpp"

#include "util/fs.hpp"
#include "util/sha256.hpp"
#include "util/subprocess.hpp"
#include "util/text.hpp"

namespace ssi::distro {
namespace fs = std::filesystem;

namespace {

constexpr const char* kAptHelper = "/usr/lib/apt/apt-helper";

// apt's file:// method hands over a symlink to the source; a cache needs the bytes (and the
// digest checked again, on what was copied).
bool own_copy(const fs::path& file, const std::string& sha256) {
  std::error_code ec;
  if (!fs::is_symlink(file, ec)) return true;
  const fs::path source = fs::read_symlink(file, ec);
  if (ec) return false;
  fs::remove(file, ec);
  if (!copy_file_atomic(source, file)) return false;
  if (sha256.empty()) return true;
  auto digest = sha256_file_hex(file);
  return digest && *digest == sha256;
}

}  // namespace

Status download(const std::vector<Download>& downloads, const fs::path& log) {
  if (downloads.empty()) return success();
  if (!program_available(kAptHelper)) return step_failed(std::string(kAptHelper) + " is missing: install apt");
  std::vector<std::string> argv = {kAptHelper, "download-file"};
  std::vector<fs::path> partial;
  for (const auto& d : downloads) {
    if (auto ok = ensure_directory(d.target.parent_path()); !ok) return ok;
    partial.push_back(temporary_name(d.target, "tmp"));
    argv.insert(argv.end(), {d.uri, partial.back().string()});
    if (!d.sha256.empty()) argv.push_back("SHA256:" + d.sha256);
  }
  auto run = run_process(argv, log);
  std::string failed;
  for (std::size_t i = 0; i < downloads.size(); ++i) {
    std::error_code ec;
    // apt-helper leaves a file at its name only when it arrived with the digest asked for (a
    // mismatch becomes NAME.FAILED), whatever happened to the others.
    if (run && fs::is_regular_file(partial[i], ec) && own_copy(partial[i], downloads[i].sha256)) {
      fs::rename(partial[i], downloads[i].target, ec);
      if (!ec) continue;
    }
    fs::remove(partial[i], ec);
    fs::remove(partial[i].string() + ".FAILED", ec);
    append_line(failed, "  " + downloads[i].uri);
  }
  if (!run) return run.error();
  if (failed.empty()) return success();
  return step_failed("download failed (apt-helper's log: " + log.string() + "):\n" + failed + "\n" + log_tail(log, 6));
}

}  // namespace ssi::distro
