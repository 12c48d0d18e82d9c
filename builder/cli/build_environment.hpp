#pragma once
// `--distro D` of `build` and `kernel build`: the distribution a build targets, which decides
// where its steps run (D's build root, or this host when it runs D) and its release tag.
#include <string>

#include <CLI/CLI.hpp>

#include "recipe/builder.hpp"

namespace ssi::cli {

struct DistroBuildArgs {
  std::string distro;  // "" = this host's toolchain, no release tag
  std::string distros = "distros", cache, mirror;
  bool in_root = false;  // a build root even for the host's own distribution
};

void add_distro_build_options(CLI::App* command, DistroBuildArgs& args);
// The same options for a command line that runs the build elsewhere (a Slurm job).
std::vector<std::string> distro_build_argv(const DistroBuildArgs& args);

// Sets the options' release tag and, with `Root::needed`, their build root and environment;
// says on stderr which root (made, or from the cache) or that the host's toolchain builds.
// Throws the library's errors.
enum class Root { needed, not_needed };
void apply_distro(const DistroBuildArgs& args, recipe::BuildOptions& options, Root root = Root::needed);

}  // namespace ssi::cli
