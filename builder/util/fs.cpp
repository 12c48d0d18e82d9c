#include "util/fs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

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
  const fs::path old = out.string() + ".old";
  std::error_code ec;
  fs::remove_all(old, ec);
  if (fs::exists(out)) fs::rename(out, old, ec);
  if (ec) return step_failed(out.string() + ": cannot be replaced: " + ec.message());
  fs::rename(staging, out, ec);
  if (ec) return step_failed(out.string() + ": " + ec.message());
  fs::remove_all(old, ec);
  return success();
}

Status ensure_directory(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return step_failed(dir.string() + ": cannot create directory: " + ec.message());
  return success();
}

Status write_file_atomic(const fs::path& path, std::string_view content) {
  const fs::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
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
      return step_failed(path.string() + ": cannot write: " + why);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return step_failed(path.string() + ": cannot write: " + why);
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
  const fs::path tmp = to.string() + ".tmp." + std::to_string(::getpid());
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(tmp, to, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return step_failed(to.string() + ": cannot write: " + ec.message());
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
