#include "cli/build_environment.hpp"

#include <iomanip>
#include <iostream>

#include "cli/output.hpp"
#include "distro/build_root.hpp"
#include "repo/repository.hpp"
#include "util/text.hpp"

namespace ssi::cli {
namespace fs = std::filesystem;

void add_distro_build_options(CLI::App* command, DistroBuildArgs& args) {
  command->add_option("--distro", args.distro,
                      "Target distribution (distros/NAME.toml): built in its build root, release tagged (1.deb13)");
  command->add_option("--distros", args.distros, "Folder of distribution definitions (default: distros)");
  command->add_option("--cache", args.cache, "Package and build-root cache (default: ~/.cache/ssi-oscar/distros)");
  command->add_option("--mirror", args.mirror, "The archive's address (default: the one this machine's apt sources use)");
  command->add_flag("--in-build-root", args.in_root, "Use a build root even when this host runs the target distribution");
}

std::vector<std::string> distro_build_argv(const DistroBuildArgs& args) {
  if (args.distro.empty()) return {};
  std::vector<std::string> argv = {"--distro", args.distro, "--distros", fs::absolute(args.distros).string()};
  if (!args.cache.empty()) argv.insert(argv.end(), {"--cache", fs::absolute(args.cache).string()});
  if (!args.mirror.empty()) argv.insert(argv.end(), {"--mirror", args.mirror});
  if (args.in_root) argv.push_back("--in-build-root");
  return argv;
}

void apply_distro(const DistroBuildArgs& args, recipe::BuildOptions& options, Root needed) {
  if (args.distro.empty()) return;
  const auto d = value_or_throw(distro::find_distro(args.distros, args.distro));
  options.release_tag = d.release_tag;
  if (needed == Root::not_needed) return;
  if (distro::is_host_distribution(d) && !args.in_root) {
    distro::build_on_host(d, options);
    std::cerr << d.name << ": built with this host's toolchain (this host runs " << d.suite
              << "; --in-build-root uses its build root)\n";
    return;
  }
  distro::FetchOptions fetch;
  fetch.mirror = args.mirror;
  fetch.cache = args.cache.empty() ? repo::user_cache_dir() / "distros" : fs::path(args.cache);
  const auto root = value_or_throw(distro::build_root(d, fetch));
  distro::build_in_root(d, root, options);
  std::cerr << d.name << ": build root " << root.id << " (";
  if (root.made) std::cerr << "made in " << std::fixed << std::setprecision(1) << root.seconds << " s";
  else std::cerr << "cached";
  std::cerr << ", " << root.packages.size() << " packages, " << root.compiler << ")\n";
}

}  // namespace ssi::cli
