#pragma once
// Real packages for image tests, built once per build tree and shared by test processes (a
// lock and the build cache): Debian's busybox-static repackaged by a recipe (the images' init
// and shell), a small stand-in kernel package, an OSCAR package whose client part is busybox,
// and the kernel definitions naming them. Debian's own kernel (repackaged with the few modules
// the tests load) is fetched on demand for the boot tests.
#include <filesystem>
#include <optional>
#include <string>

#include "util/error.hpp"

namespace ssi::test {

struct ImageFixture {
  std::filesystem::path repo;            // busybox, kernel-test, opkg-nodetools*
  std::filesystem::path kernels;         // test-kernel, debian (kernel-debian), linux-krg
  std::filesystem::path oscar_packages;  // the OSCAR package trees the build wrote
};

// Fails the calling test (ASSERT) when busybox-static is not installed.
const ImageFixture& image_fixture();

// Under CI (CI=true) nothing scripts/install-deps provides may be missing: tests fail instead of
// skipping.
bool under_ci();

// The repository holding kernel-debian: Debian's own linux-image (apt-get download, cached in the
// build tree) repackaged by a recipe with its image, System.map, config and module lists; nullopt
// (with the reason) when the package cannot be fetched. the fixture's kernels/debian.toml names it.
std::optional<std::filesystem::path> debian_kernel_repo(std::string& why);

// An image definition file in `dir` with the given TOML body, where @REPO@ stands for the
// fixture's repository and @KERNEL_REPO@ for `kernel_repo`.
std::filesystem::path write_image(const std::filesystem::path& dir, const std::string& name, std::string body,
                                  const std::filesystem::path& kernel_repo = {});

// Writes the image definition (as write_image) and builds it into DIR/images/NAME with the
// fixture's kernel definitions; returns that folder.
Expected<std::filesystem::path> build_image(const std::filesystem::path& dir, const std::string& name,
                                            const std::string& body, const std::filesystem::path& kernel_repo = {});

}  // namespace ssi::test
