#pragma once
// Paths inside an image root, resolved the way a process chrooted into it would resolve them.
// The root holds packages' symlinks; a host-side walk through "ROOT/etc/..." follows an absolute
// link such as etc -> /etc to the host's own /etc. Every read or write the image passes make in
// a root goes through `in_root`, so none of them can leave it.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace ssi {

// ROOT + PATH ("/etc/passwd" or "etc/passwd") with every symlink resolved inside ROOT: absolute
// targets start again at ROOT, ".." stops at ROOT. Missing components are kept as named. The
// result contains no symlink, so opening it on the host opens what the chrooted process would.
enum class FinalLink { follow, keep };
std::filesystem::path in_root(const std::filesystem::path& root, std::string_view path,
                              FinalLink final_link = FinalLink::follow);

// A package's file paths ("/lib/x86_64-linux-gnu/libz.so.1") as the node sees them: relative to
// ROOT, their folder's links followed inside it (usrmerge's lib -> usr/lib), the file itself not.
// Two packages naming one file under different folders get the same path. Each folder is
// resolved once: an image has thousands of files in a few hundred folders.
class TreePaths {
 public:
  explicit TreePaths(std::filesystem::path root) : root_(std::move(root)) {}
  std::string relative(std::string_view package_path);

 private:
  std::filesystem::path root_;
  std::map<std::string, std::string> folders_;
};

}  // namespace ssi
