#include "image/tree_archive.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <optional>
#include <vector>

#include "util/archive_handles.hpp"
#include "util/fs.hpp"
#include "util/zstd_stream.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

struct ResolverFree {
  void operator()(archive_entry_linkresolver* r) const { archive_entry_linkresolver_free(r); }
};

class Packer {
 public:
  Packer(archive* a, const fs::path& root) : a_(a), root_(root) {}

  Status write(archive_entry* entry) {
    if (archive_write_header(a_, entry) < ARCHIVE_WARN) return fail();
    if (archive_entry_size(entry) <= 0 || !archive_entry_sourcepath(entry)) return success();
    const int fd = ::open(archive_entry_sourcepath(entry), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return step_failed(std::string(archive_entry_sourcepath(entry)) + ": cannot be read");
    ssize_t n = 0;
    Status status = success();
    while ((n = ::read(fd, buffer_.data(), buffer_.size())) > 0)
      if (archive_write_data(a_, buffer_.data(), static_cast<size_t>(n)) < 0) {
        status = fail();
        break;
      }
    ::close(fd);
    return status;
  }

 private:
  Error fail() { return step_failed("packing " + root_.string() + ": " + archive_message(a_)); }
  archive* a_;
  fs::path root_;
  // One buffer for the whole tree: a fresh 1 MiB per file was thousands of page-faulted
  // allocations an image (AddressSanitizer made packing 6 times slower than the release build).
  std::vector<char> buffer_ = std::vector<char>(1 << 20);
};

// libarchive writes the uncompressed archive into the zstd stream.
la_ssize_t write_zstd(archive* a, void* writer, const void* buffer, size_t length) {
  if (auto ok = static_cast<ZstdFileWriter*>(writer)->write(buffer, length); !ok) {
    archive_set_error(a, EIO, "%s", ok.error().message.c_str());
    return -1;
  }
  return static_cast<la_ssize_t>(length);
}

}  // namespace

std::vector<std::string> tree_paths(const fs::path& root) {
  std::vector<std::string> paths;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it)
    paths.push_back(it->path().lexically_relative(root).generic_string());
  std::sort(paths.begin(), paths.end());
  return paths;
}

Expected<std::uint64_t> pack_tree(const fs::path& root, const fs::path& out, const PackOptions& options) {
  return pack_paths(root, tree_paths(root), out, options);
}

Expected<std::uint64_t> pack_paths(const fs::path& root, const std::vector<std::string>& paths, const fs::path& out,
                                   const PackOptions& options) {
  const fs::path tmp = temporary_name(out, "tmp");
  const RemoveOnExit remove_partial(tmp);  // a finished archive is renamed away first
  std::optional<ZstdFileWriter> zstd;       // outlives the archive, whose end is written into it
  ArchiveWriter a(archive_write_new());
  const bool cpio = options.format == ArchiveFormat::cpio_newc;
  if (cpio) archive_write_set_format_cpio_newc(a.get());
  else archive_write_set_format_pax_restricted(a.get());
  archive_write_set_bytes_per_block(a.get(), 0);
  if (options.compression == Compression::gzip) {
    archive_write_add_filter_gzip(a.get());
    archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr);  // reproducible: no time in the header
    if (archive_write_open_filename(a.get(), tmp.c_str()) != ARCHIVE_OK)
      return step_failed(out.string() + ": cannot be written: " + archive_message(a.get()) + full_disk_note(out));
  } else {
    auto opened = ZstdFileWriter::open(tmp, {options.level, options.threads, options.window_log}, out);
    if (!opened) return opened.error();
    zstd.emplace(std::move(opened).value());
    if (archive_write_open2(a.get(), &*zstd, nullptr, write_zstd, nullptr, nullptr) != ARCHIVE_OK)
      return step_failed(out.string() + ": cannot be written: " + archive_message(a.get()) + full_disk_note(out));
  }

  std::unique_ptr<archive_entry_linkresolver, ResolverFree> links(archive_entry_linkresolver_new());
  archive_entry_linkresolver_set_strategy(links.get(), archive_format(a.get()));
  Packer packer(a.get(), root);
  std::map<std::pair<dev_t, ino_t>, std::int64_t> inodes;  // renumbered in path order
  Progress progress("packing " + out.filename().string(), paths.size(), options.progress);
  for (const auto& rel : paths) {
    progress.advance();
    const fs::path path = root / rel;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return step_failed(path.string() + ": vanished while packing");
    ArchiveEntry entry(archive_entry_new());
    archive_entry_copy_stat(entry.get(), &st);
    archive_entry_set_pathname(entry.get(), rel.c_str());
    archive_entry_copy_sourcepath(entry.get(), path.c_str());
    archive_entry_set_mtime(entry.get(), options.mtime, 0);
    archive_entry_set_atime(entry.get(), options.mtime, 0);
    archive_entry_set_ctime(entry.get(), options.mtime, 0);
    archive_entry_set_dev(entry.get(), 0);
    archive_entry_set_rdev(entry.get(), st.st_rdev);
    const auto [it, fresh] = inodes.try_emplace({st.st_dev, st.st_ino}, static_cast<std::int64_t>(inodes.size() + 1));
    archive_entry_set_ino64(entry.get(), it->second);
    if (S_ISLNK(st.st_mode)) archive_entry_set_symlink(entry.get(), fs::read_symlink(path).c_str());
    if (!S_ISREG(st.st_mode)) archive_entry_set_size(entry.get(), 0);
    archive_entry* e = entry.release();
    archive_entry* spare = nullptr;
    archive_entry_linkify(links.get(), &e, &spare);
    ArchiveEntry owned(e), owned_spare(spare);
    if (owned)
      if (auto ok = packer.write(owned.get()); !ok) return ok.error();
    if (owned_spare)
      if (auto ok = packer.write(owned_spare.get()); !ok) return ok.error();
  }
  // Hard links the resolver held back until it had seen them all.
  for (;;) {
    archive_entry* e = nullptr;
    archive_entry* spare = nullptr;
    archive_entry_linkify(links.get(), &e, &spare);
    ArchiveEntry owned(e);
    if (!owned) break;
    if (auto ok = packer.write(owned.get()); !ok) return ok.error();
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) return step_failed(out.string() + ": " + archive_message(a.get()));
  if (zstd)
    if (auto ok = zstd->finish(); !ok) return ok.error();
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) return step_failed(out.string() + ": " + ec.message());
  return static_cast<std::uint64_t>(fs::file_size(out));
}

}  // namespace ssi::image
