#pragma once
// The checks an archive's member list must pass before anything of it is extracted under a root:
// nothing may land outside that root, whatever the archive's author intended. Checked on names
// alone, so a hostile archive is refused before a single file is written.
#include <string>
#include <vector>

namespace ssi {

struct ArchiveMember {
  std::string name;  // as stored: "./usr/bin/x"
  enum class Kind { file, dir, symlink, hardlink, device } kind = Kind::file;
  std::string link;  // symlink target, or the member a hard link points at
};

// One line per unsafe member, "NAME: why": an absolute name, a ".." component, a name longer
// than Linux allows, a device node or other special file, a member written through a symlink of
// the same archive, a hard link to anything but an earlier file of the archive.
std::vector<std::string> unsafe_members(const std::vector<ArchiveMember>& members);

// Why a name alone is unsafe below a root ("a '..' component"), or "" when it is not; `rooted`
// names (a package's "/usr/bin/x") must start with "/", archive members must not.
enum class Rooted { yes, no };
std::string unsafe_name(const std::string& name, Rooted rooted = Rooted::no);

}  // namespace ssi
