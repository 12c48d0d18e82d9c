#include "util/fs.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "util/run_lock.hpp"

namespace ssi {
namespace fs = std::filesystem;

Expected<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return bad_input(path.string() + ": cannot read: " + std::strerror(errno));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Status write_file_with_parents(const fs::path& path, std::string_view content) {
  if (auto ok = ensure_directory(path.parent_path()); !ok) return ok;
  return write_file_atomic(path, content);
}

Status replace_directory(const fs::path& staging, const fs::path& out) {
  // One exchange of the two names: at every instant `out` is either the old folder or the new
  // one, so a crash between steps cannot leave it missing. The old content, left under the
  // staging name, is removed afterwards (or, after a crash, by the next run's clean-up).
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) != 0) {
    if (errno != ENOENT) return step_failed(out.string() + ": cannot be replaced: " + std::strerror(errno));
    if (::rename(staging.c_str(), out.c_str()) != 0)
      return step_failed(out.string() + ": cannot be put in place: " + std::strerror(errno));
    return success();
  }
  std::error_code ec;
  fs::remove_all(staging, ec);
  return success();
}

RemoveOnExit::~RemoveOnExit() {
  std::error_code ec;
  if (keep_.empty() || !fs::exists(path_ / keep_, ec)) {
    fs::remove_all(path_, ec);
    return;
  }
  for (fs::directory_iterator it(path_, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename() != keep_) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
}

std::string full_disk_note(const fs::path& path) {
  struct statvfs st {};
  // A file that could not be made yet is on its folder's file system.
  if (::statvfs(path.c_str(), &st) != 0 && ::statvfs(path.parent_path().c_str(), &st) != 0) return "";
  const unsigned long long free_bytes = static_cast<unsigned long long>(st.f_bavail) * st.f_frsize;
  if (free_bytes >= (1ull << 20)) return "";
  return " (the file system holding " + path.string() + " is full: " + std::to_string(free_bytes / 1024) + " KiB free)";
}

std::string temporary_name(const fs::path& path, std::string_view kind) {
  return path.string() + "." + std::string(kind) + "." + std::to_string(::getpid());
}

std::vector<fs::path> remove_stale_temporaries(const fs::path& dir) {
  static const std::regex temporary(R"(.*\.(tmp|staging)\.([0-9]+))");
  std::vector<fs::path> removed;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::smatch m;
    const std::string name = it->path().filename().string();
    if (!std::regex_match(name, m, temporary)) continue;
    if (process_alive(static_cast<pid_t>(std::stol(m[2].str())))) continue;
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
    removed.push_back(it->path());
  }
  return removed;
}

Status ensure_directory(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return step_failed(dir.string() + ": cannot create directory: " + ec.message());
  return success();
}

Status write_file_atomic(const fs::path& path, std::string_view content) {
  const fs::path tmp = temporary_name(path, "tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return step_failed(tmp.string() + ": cannot create: " + std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return step_failed(path.string() + ": cannot write: " + why + full_disk_note(path.parent_path()));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return step_failed(path.string() + ": cannot write: " + why + full_disk_note(path.parent_path()));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return step_failed(path.string() + ": cannot rename into place: " + why);
  }
  return success();
}

Status copy_file_atomic(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  const fs::path tmp = temporary_name(to, "tmp");
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(tmp, to, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return step_failed(to.string() + ": cannot write: " + ec.message() + full_disk_note(to.parent_path()));
  }
  return success();
}

TempDir::TempDir(const fs::path& parent, std::string_view prefix) {
  std::string pattern = (parent / (std::string(prefix) + "XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error(parent.string() + ": cannot create a temporary directory: " +
                             std::strerror(errno));
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace ssi
