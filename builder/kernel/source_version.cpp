#include "kernel/source_version.hpp"

#include <regex>

#include "util/archive_handles.hpp"

namespace ssi::kernel {
namespace fs = std::filesystem;

Expected<std::string> kernel_makefile_version(const std::string& makefile, const std::string& where) {
  auto variable = [&](const char* name) -> std::string {
    const std::regex line(std::string("(^|\n)") + name + "[ \t]*=[ \t]*([^\n#]*)");
    std::smatch m;
    if (!std::regex_search(makefile, m, line)) return "";
    std::string value = m[2];
    value.erase(value.find_last_not_of(" \t\r") + 1);
    return value;
  };
  const std::string version = variable("VERSION"), patchlevel = variable("PATCHLEVEL"), sublevel = variable("SUBLEVEL");
  if (version.empty() || patchlevel.empty())
    return bad_input(where + ": not a Linux source tree (its Makefile sets no VERSION and PATCHLEVEL)");
  std::string out = version + "." + patchlevel + (sublevel.empty() ? "" : "." + sublevel);
  std::string extra = variable("EXTRAVERSION");
  for (char& c : extra)
    if (c == '-') c = '~';
  const std::regex allowed("[A-Za-z0-9._+~]*");
  if (!std::regex_match(extra, allowed)) return bad_input(where + ": EXTRAVERSION \"" + extra + "\" is not usable in an RPM version");
  return out + extra;
}

Expected<std::string> kernel_source_version(const fs::path& tarball) {
  ArchiveReader a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), tarball.c_str(), 1 << 16) != ARCHIVE_OK)
    return bad_input(tarball.string() + ": cannot read as a tarball: " + archive_message(a.get()));
  archive_entry* entry = nullptr;
  // The top-level Makefile: "linux-6.1/Makefile", never a deeper one.
  const std::regex top_makefile("(\\./)?[^/]+/Makefile");
  while (true) {
    const int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) return bad_input(tarball.string() + ": damaged tarball: " + archive_message(a.get()));
    if (!std::regex_match(archive_entry_pathname(entry), top_makefile)) continue;
    std::string text(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
    if (archive_read_data(a.get(), text.data(), text.size()) != static_cast<la_ssize_t>(text.size()))
      return bad_input(tarball.string() + ": damaged tarball: " + archive_message(a.get()));
    return kernel_makefile_version(text, tarball.string() + ": " + archive_entry_pathname(entry));
  }
  return bad_input(tarball.string() + ": not a Linux source tarball (no top-level Makefile)");
}

}  // namespace ssi::kernel
