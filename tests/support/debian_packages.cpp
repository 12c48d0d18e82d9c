#include "support/debian_packages.hpp"

#include <fstream>
#include <stdexcept>

#include "recipe/build_tree.hpp"
#include "support/process.hpp"
#include "util/archive_handles.hpp"
#include "util/run_lock.hpp"

namespace ssi::test {
namespace fs = std::filesystem;

std::optional<std::vector<fs::path>> fetch_debs(const std::vector<std::string>& packages, std::string& why) {
  const fs::path cache = fs::path(SSI_OSCAR_TEST_WORK) / "debs";
  fs::create_directories(cache);
  auto lock = RunLock::acquire(cache / ".lock", "the test cache").value();
  std::vector<fs::path> out;
  for (const auto& package : packages) {
    auto found = [&]() -> std::optional<fs::path> {
      for (const auto& e : fs::directory_iterator(cache))
        if (e.path().filename().string().starts_with(package + "_") && e.path().extension() == ".deb") return e.path();
      return std::nullopt;
    };
    if (!found()) {
      const auto r = run("cd " + quote(cache.string()) + " && apt-get download -q " + quote(package) + " 2>&1");
      if (r.status != 0 || !found()) {
        why = "cannot fetch the Debian package " + package + ": " + r.output;
        return std::nullopt;
      }
    }
    out.push_back(*found());
  }
  return out;
}

fs::path make_deb(const fs::path& dir, const std::string& name, const std::string& control,
                  const std::vector<std::pair<std::string, std::string>>& files, const std::string& conffiles) {
  const fs::path tree = dir / (name + ".tree");
  fs::remove_all(tree);
  fs::create_directories(tree / "DEBIAN");
  std::ofstream(tree / "DEBIAN/control") << control;
  if (!conffiles.empty()) std::ofstream(tree / "DEBIAN/conffiles") << conffiles;
  for (const auto& [path, content] : files) {
    fs::create_directories((tree / path.substr(1)).parent_path());
    std::ofstream(tree / path.substr(1)) << content;
  }
  const fs::path deb = dir / (name + ".deb");
  const auto r = run("dpkg-deb --root-owner-group -Zgzip --build " + quote(tree.string()) + " " + quote(deb.string()) + " 2>&1");
  if (r.status != 0) throw std::runtime_error("dpkg-deb failed: " + r.output);
  return deb;
}

namespace {

std::string tar_gz(const std::vector<RawMember>& members) {
  ArchiveWriter a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());
  archive_write_add_filter_gzip(a.get());
  std::vector<char> buffer(1 << 20);
  std::size_t used = 0;
  archive_write_open_memory(a.get(), buffer.data(), buffer.size(), &used);
  for (const auto& m : members) {
    ArchiveEntry e(archive_entry_new());
    archive_entry_set_pathname(e.get(), m.name.c_str());
    archive_entry_set_perm(e.get(), m.mode);
    archive_entry_set_uname(e.get(), "root");
    archive_entry_set_gname(e.get(), "root");
    switch (m.kind) {
      case RawMember::Kind::file:
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_set_size(e.get(), static_cast<la_int64_t>(m.content_or_link.size()));
        break;
      case RawMember::Kind::dir: archive_entry_set_filetype(e.get(), AE_IFDIR); break;
      case RawMember::Kind::symlink:
        archive_entry_set_filetype(e.get(), AE_IFLNK);
        archive_entry_set_symlink(e.get(), m.content_or_link.c_str());
        break;
      case RawMember::Kind::hardlink:
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_set_hardlink(e.get(), m.content_or_link.c_str());
        break;
      case RawMember::Kind::char_device:
        archive_entry_set_filetype(e.get(), AE_IFCHR);
        archive_entry_set_rdevmajor(e.get(), 1);
        archive_entry_set_rdevminor(e.get(), 3);
        break;
    }
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK) throw std::runtime_error(archive_message(a.get()));
    if (m.kind == RawMember::Kind::file) archive_write_data(a.get(), m.content_or_link.data(), m.content_or_link.size());
  }
  archive_write_close(a.get());
  return std::string(buffer.data(), used);
}

}  // namespace

fs::path write_raw_deb(const fs::path& dir, const std::string& name, const std::string& control,
                       const std::vector<RawMember>& members) {
  const fs::path deb = dir / (name + ".deb");
  ArchiveWriter a(archive_write_new());
  archive_write_set_format_ar_svr4(a.get());
  if (archive_write_open_filename(a.get(), deb.c_str()) != ARCHIVE_OK) throw std::runtime_error(archive_message(a.get()));
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"debian-binary", "2.0\n"},
      {"control.tar.gz", tar_gz({{"./control", RawMember::Kind::file, control, 0644}})},
      {"data.tar.gz", tar_gz(members)}};
  for (const auto& [member, data] : parts) {
    ArchiveEntry e(archive_entry_new());
    archive_entry_set_pathname(e.get(), member.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
    archive_write_header(a.get(), e.get());
    archive_write_data(a.get(), data.data(), data.size());
  }
  archive_write_close(a.get());
  return deb;
}

}  // namespace ssi::test
