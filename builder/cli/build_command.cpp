// `ssi-oscar build`: recipes -> RPMs and source RPMs in a repository.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "recipe/builder.hpp"

namespace ssi::cli {
namespace {

struct BuildArgs {
  std::vector<std::string> recipes, sources;
  std::string repo = "repo", oscar_out = "oscar-packages", distro = "debian", sign_key;
  unsigned jobs = default_jobs();
  bool json = false, print_spec = false;
  int oscar_format = 6;
};

void run_build(const BuildArgs& args) {
  if (args.print_spec) {
    for (const auto& dir : args.recipes) std::cout << value_or_throw(recipe::recipe_spec(dir));
    return;
  }
  recipe::BuildOptions options;
  options.repo = args.repo;
  options.jobs = args.jobs;
  options.oscar_out = args.oscar_out;
  options.sign_key = args.sign_key;
  options.target.dist = args.distro;
  options.oscar_format = args.oscar_format == 4 ? oscar::ConfigFormat::oscar4 : oscar::ConfigFormat::opkg61;
  for (const auto& s : args.sources) options.source_dirs.emplace_back(s);
  std::vector<std::filesystem::path> dirs(args.recipes.begin(), args.recipes.end());
  const auto built = value_or_throw(recipe::build_recipes(dirs, options));
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& b : built)
      list.push_back({{"recipe", b.name}, {"up_to_date", b.up_to_date}, {"stand_in_sources", b.stand_in_sources},
                      {"outputs", b.outputs}, {"log", b.log.string()}, {"oscar_tree", b.oscar_tree.string()}});
    print_json({{"repository", args.repo}, {"recipes", list}});
    return;
  }
  for (const auto& b : built) {
    if (b.outputs.empty() && !b.oscar_tree.empty())
      std::cout << b.name << ": an OSCAR package of distribution packages (nothing to compile)\n";
    else
      std::cout << b.name << ": " << (b.up_to_date ? "up to date" : "built") << " (" << b.outputs.size()
                << " packages)\n";
    if (!b.oscar_tree.empty()) std::cout << "  OSCAR package tree: " << b.oscar_tree.string() << "\n";
    if (b.stand_in_sources)
      std::cout << "  note: built from stand-in sources (the test fixture), not the upstream release\n";
    if (!b.up_to_date)
      for (const auto& o : b.outputs) std::cout << "  " << args.repo << "/" << o << "\n";
  }
}

}  // namespace

void add_build_command(CLI::App& app, RunState&) {
  auto args = std::make_shared<BuildArgs>();
  CLI::App* cmd = app.add_subcommand("build", "Build recipes into RPMs and source RPMs in a repository");
  cmd->add_option("RECIPE_DIR", args->recipes, "Folders holding a recipe.toml")->required();
  cmd->add_option("--repo", args->repo, "Repository receiving the packages (default: repo)");
  cmd->add_option("--sources", args->sources, "Folder searched for sources before the recipe's own")
      ->allow_extra_args(false);
  cmd->add_option("-j,--jobs", args->jobs, "Recipes built side by side (default: number of cores)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--oscar-out", args->oscar_out, "Where OSCAR package trees go (default: oscar-packages)");
  cmd->add_option("--sign-key", args->sign_key, "Sign every built RPM with this gpg key (key ID or user ID; rpmsign)");
  cmd->add_option("--oscar-format", args->oscar_format, "config.xml format of the trees: 6 (opkg 6.1) or 4 (OSCAR 4.x)")
      ->check(CLI::IsMember({4, 6}));
  cmd->add_option("--distro", args->distro, "Distribution whose filtered OSCAR dependencies count (default: debian)");
  cmd->add_flag("--json", args->json, "Machine-readable output");
  cmd->add_flag("--print-spec", args->print_spec, "Print the spec each recipe builds from, build nothing");
  cmd->callback([args] { run_build(*args); });
}

}  // namespace ssi::cli
