#pragma once
// Paths inside an image root, resolved the way a process chrooted into it would resolve them.
// The root holds packages' symlinks; a host-side walk through "ROOT/etc/..." follows an absolute
// link such as etc -> /etc to the host's own /etc. Every read or write the image passes make in
// a root goes through `in_root`, so none of them can leave it.
#include <filesystem>
#include <string_view>

namespace ssi {

// ROOT + PATH ("/etc/passwd" or "etc/passwd") with every symlink resolved inside ROOT: absolute
// targets start again at ROOT, ".." stops at ROOT. Missing components are kept as named. The
// result contains no symlink, so opening it on the host opens what the chrooted process would.
enum class FinalLink { follow, keep };
std::filesystem::path in_root(const std::filesystem::path& root, std::string_view path,
                              FinalLink final_link = FinalLink::follow);

}  // namespace ssi
