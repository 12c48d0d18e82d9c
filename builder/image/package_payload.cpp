#include "image/package_payload.hpp"

#include <algorithm>

#include "util/archive_handles.hpp"

namespace ssi::image {
namespace fs = std::filesystem;

Expected<std::map<std::string, std::string>> read_payload_files(const fs::path& rpm,
                                                                const std::function<bool(const std::string&)>& wanted,
                                                                std::size_t limit) {
  ArchiveReader a(archive_read_new());
  archive_read_support_filter_rpm(a.get());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_cpio(a.get());
  if (archive_read_open_filename(a.get(), rpm.c_str(), 1 << 16) != ARCHIVE_OK)
    return bad_input(rpm.string() + ": cannot read its payload: " + archive_message(a.get()));
  std::map<std::string, std::string> found;
  archive_entry* entry = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    std::string path = archive_entry_pathname(entry);
    if (path.starts_with("./")) path.erase(0, 1);
    if (archive_entry_filetype(entry) != AE_IFREG || !wanted(path)) continue;
    std::string data(std::min<std::size_t>(limit, static_cast<std::size_t>(archive_entry_size(entry))), '\0');
    std::size_t filled = 0;
    while (filled < data.size()) {
      const la_ssize_t n = archive_read_data(a.get(), data.data() + filled, data.size() - filled);
      if (n < 0) return bad_input(rpm.string() + ": damaged payload at " + path + ": " + archive_message(a.get()));
      if (n == 0) break;
      filled += static_cast<std::size_t>(n);
    }
    data.resize(filled);
    found[path] = std::move(data);
  }
  if (rc != ARCHIVE_EOF) return bad_input(rpm.string() + ": damaged payload: " + archive_message(a.get()));
  return found;
}

}  // namespace ssi::image
