#include "rpm/build_root_shell.hpp"

#include "util/fs.hpp"

namespace ssi::rpm {
namespace fs = std::filesystem;
namespace {

constexpr const char* kShellName = "enter-build-root";

// Called by rpmbuild as `sh ENTER ROOT TOP -e SCRIPT`; rpm's scripts change to their own folder
// first, so a working folder the root does not have is left for /. The mounts live in a mount namespace of
// the script's own and vanish with it; so does a network namespace of its own with nothing in it:
// a build takes all it needs from its sources and its root. /proc is the build's pid namespace's. rpm's own helpers
// (/usr/lib/rpm/brp-*: compress man pages, strip) come from this host, read-only, and run with
// the root's strip and objdump: a target's binutils for its objects.
constexpr const char* kEnterScript = R"(# Runs one rpmbuild script inside a build root (see rpm/build_root_shell.hpp).
set -e
root=$1 top=$2
shift 2
exec unshare --mount --net --propagation private -- /bin/sh -ec '
root=$1 top=$2 dir=$PWD
shift 2
layer=$top/tmp/build-root-layer.$$
mkdir -p "$layer"
mount -t tmpfs -o mode=0755 build-root-layer "$layer"
mkdir "$layer/upper" "$layer/work" "$layer/root"
mount -t overlay build-root -o "lowerdir=$root,upperdir=$layer/upper,workdir=$layer/work" "$layer/root"
view=$layer/root
mkdir -p "$view$top"
mount --bind "$top" "$view$top"
mount -t proc proc "$view/proc"
mount --rbind /dev "$view/dev"
mkdir -p "$view/usr/lib/rpm"
mount --bind /usr/lib/rpm "$view/usr/lib/rpm"
mount -o remount,bind,ro "$view/usr/lib/rpm"
exec chroot "$view" /bin/sh -c "cd \"\$0\" 2>/dev/null || cd /; exec /bin/sh \"\$@\"" "$dir" "$@"
' sh "$root" "$top" "$@"
)";

// rpm's %setup and %patch unpack through rpmuncompress, a host program linked to librpm, which
// a root of another distribution cannot run: the same by the file's suffix, with the root's tools.
constexpr const char* kUncompressName = "rpmuncompress";
constexpr const char* kUncompressScript = R"(# rpmuncompress [-x] FILE inside a build root (see rpm/build_root_shell.hpp).
extract=
if [ "$1" = -x ]; then extract=1; shift; fi
case $1 in
  *.gz | *.tgz | *.Z) set -- gzip -dc "$1" ;;
  *.bz2 | *.tbz2) set -- bzip2 -dc "$1" ;;
  *.xz | *.txz) set -- xz -dc "$1" ;;
  *.zst | *.tzst) set -- zstd -dc "$1" ;;
  *) set -- cat "$1" ;;
esac
if [ -z "$extract" ]; then exec "$@"; fi
"$@" | tar -xof -
)";

}  // namespace

std::vector<std::string> build_root_macros(const fs::path& topdir, const fs::path& root) {
  const std::string tmp = (topdir / "tmp").string();
  return {"_tmppath " + tmp, "_buildshell /bin/sh " + tmp + "/" + kShellName + " " + root.string() + " " + topdir.string(),
          "__rpmuncompress /bin/sh " + tmp + "/" + kUncompressName};
}

Status write_build_root_shell(const fs::path& tree) {
  if (auto ok = ensure_directory(tree / "tmp"); !ok) return ok;
  if (auto ok = write_file_atomic(tree / "tmp" / kUncompressName, kUncompressScript); !ok) return ok;
  return write_file_atomic(tree / "tmp" / kShellName, kEnterScript);
}

}  // namespace ssi::rpm
