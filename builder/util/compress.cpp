#include "util/compress.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace ssi {
namespace {

struct ArchiveFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

la_ssize_t append(archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

Error archive_error(archive* a) {
  return step_failed(std::string("compression failed: ") + (archive_error_string(a) ? archive_error_string(a) : "?"));
}

}  // namespace

const char* compression_name(Compression c) {
  switch (c) {
    case Compression::none: return "none";
    case Compression::gzip: return "gzip";
    case Compression::zstd: return "zstd";
  }
  return "none";
}

const char* compression_suffix(Compression c) {
  switch (c) {
    case Compression::none: return "";
    case Compression::gzip: return ".gz";
    case Compression::zstd: return ".zst";
  }
  return "";
}

Expected<std::string> compress(std::string_view data, Compression c) {
  if (c == Compression::none) return std::string(data);
  std::unique_ptr<archive, ArchiveFree> a(archive_write_new());
  archive_write_set_format_raw(a.get());
  if (c == Compression::gzip) {
    archive_write_add_filter_gzip(a.get());
    archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr);  // no mtime in the header
  } else {
    archive_write_add_filter_zstd(a.get());
  }
  archive_write_set_bytes_in_last_block(a.get(), 1);
  std::string out;
  if (archive_write_open(a.get(), &out, nullptr, append, nullptr) != ARCHIVE_OK) return archive_error(a.get());
  std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
  archive_entry_set_pathname(entry.get(), "data");
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(data.size()));
  if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK) return archive_error(a.get());
  if (!data.empty() && archive_write_data(a.get(), data.data(), data.size()) < 0) return archive_error(a.get());
  if (archive_write_close(a.get()) != ARCHIVE_OK) return archive_error(a.get());
  return out;
}

}  // namespace ssi
