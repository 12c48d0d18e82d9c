#pragma once
// Real Debian packages for tests: fetched with apt-get download once and cached in the build
// tree, or built on the spot with dpkg-deb from a control text and files.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ssi::test {

// The .deb files of the named packages (current candidates), or nullopt with the reason.
std::optional<std::vector<std::filesystem::path>> fetch_debs(const std::vector<std::string>& packages, std::string& why);

// Builds DIR/NAME.deb with dpkg-deb: `control` is the control file, `files` are (path, content)
// pairs of the data part, `conffiles` the control member of that name ("" for none).
std::filesystem::path make_deb(const std::filesystem::path& dir, const std::string& name, const std::string& control,
                               const std::vector<std::pair<std::string, std::string>>& files,
                               const std::string& conffiles = "");

// One member of a hand-made data.tar, stored exactly as given (no normalisation), so tests can
// make the packages dpkg-deb would refuse to build: "../x", "/abs", devices, links out.
struct RawMember {
  std::string name;
  enum class Kind { file, dir, symlink, hardlink, char_device } kind = Kind::file;
  std::string content_or_link;  // file content, symlink target or hard link target
  unsigned mode = 0644;
};

// Writes DIR/NAME.deb (ar: debian-binary, control.tar.gz, data.tar.gz) with libarchive.
std::filesystem::path write_raw_deb(const std::filesystem::path& dir, const std::string& name, const std::string& control,
                                    const std::vector<RawMember>& members);

}  // namespace ssi::test
