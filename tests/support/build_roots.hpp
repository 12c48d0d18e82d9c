#pragma once
// A distribution's build root (distros/NAME.toml), made once per build tree in a cache the test
// processes share (SSI_OSCAR_TEST_WORK/distro-cache) under a lock.
#include <filesystem>
#include <optional>
#include <string>

#include "distro/build_root.hpp"

namespace ssi::test {

// The cache the shared roots live in: tests pass it to the CLI as --cache.
std::filesystem::path shared_distro_cache();

// The root, or nullopt with the reason when this machine cannot make one (not root, no Debian
// archive in its apt sources, no mmdebstrap); under CI those are failures (thrown), and so is
// a root that cannot be made.
std::optional<distro::BuildRoot> shared_build_root(const std::string& distro, std::string& why);

// The project's own definition of the distribution (distros/NAME.toml); throws when it is broken.
distro::Distro project_distro(const std::string& name);

}  // namespace ssi::test
