#include "util/compress.hpp"

#include "util/archive_handles.hpp"

namespace ssi {
namespace {

la_ssize_t append(archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

Error archive_error(archive* a) {
  return step_failed("compression failed: " + archive_message(a));
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
  ArchiveWriter a(archive_write_new());
  archive_write_set_format_raw(a.get());
  if (c == Compression::gzip) {
    archive_write_add_filter_gzip(a.get());
    archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr);  // no mtime in the header
  } else {
    archive_write_add_filter_zstd(a.get());
  }
  archive_write_set_bytes_in_last_block(a.get(), 1);
  std::string out;
  out.reserve(data.size());  // packed data is smaller; untouched pages cost nothing
  if (archive_write_open(a.get(), &out, nullptr, append, nullptr) != ARCHIVE_OK) return archive_error(a.get());
  ArchiveEntry entry(archive_entry_new());
  archive_entry_set_pathname(entry.get(), "data");
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(data.size()));
  if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK) return archive_error(a.get());
  if (!data.empty() && archive_write_data(a.get(), data.data(), data.size()) < 0) return archive_error(a.get());
  if (archive_write_close(a.get()) != ARCHIVE_OK) return archive_error(a.get());
  return out;
}

}  // namespace ssi
