// `ssi-oscar build`: recipes -> RPMs and source RPMs in a repository, here or as Slurm jobs.
#include <iostream>
#include <map>
#include <memory>

#include "cli/build_environment.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/slurm_run.hpp"
#include "recipe/builder.hpp"
#include "repo/indexer.hpp"
#include "util/fs.hpp"
#include "util/run_lock.hpp"

namespace ssi::cli {
namespace {
namespace fs = std::filesystem;

struct BuildArgs {
  std::vector<std::string> recipes, sources;
  std::string repo = "repo", oscar_out = "oscar-packages", sign_key;
  DistroBuildArgs distro;
  unsigned jobs = default_jobs();
  bool json = false, print_spec = false;
  int oscar_format = 6;
  SlurmArgs slurm;
};

// A recipe job asks for one CPU unless its recipe says more.
const JobResources kRecipeJob{1, 2048, 120};

recipe::BuildOptions build_options(const BuildArgs& args) {
  recipe::BuildOptions options;
  options.repo = args.repo;
  options.jobs = args.jobs;
  options.oscar_out = args.oscar_out;
  options.sign_key = args.sign_key;
  options.oscar_format = args.oscar_format == 4 ? oscar::ConfigFormat::oscar4 : oscar::ConfigFormat::opkg61;
  for (const auto& s : args.sources) options.source_dirs.emplace_back(s);
  options.scheduled_job = !args.slurm.scheduled_job.empty();
  apply_distro(args.distro, options);
  return options;
}

// `slurm_job`: which Slurm job built each recipe, for a --slurm run.
void print_built(const BuildArgs& args, const std::vector<recipe::BuiltRecipe>& built,
                 const std::map<std::string, std::string>& slurm_job = {}) {
  auto job_of = [&](const std::string& name) {
    const auto it = slurm_job.find(name);
    return it == slurm_job.end() ? std::string() : it->second;
  };
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& b : built)
      list.push_back({{"recipe", b.name}, {"up_to_date", b.up_to_date && job_of(b.name).empty()},
                      {"slurm_job", job_of(b.name)}, {"built_here", !b.up_to_date}, {"stand_in_sources", b.stand_in_sources}, {"outputs", b.outputs},
                      {"log", b.log.string()}, {"build_info", b.build_info.string()}, {"oscar_tree", b.oscar_tree.string()}});
    print_json({{"repository", args.repo}, {"recipes", list}});
    return;
  }
  for (const auto& b : built) {
    const std::string job = job_of(b.name);
    if (b.outputs.empty() && !b.oscar_tree.empty())
      std::cout << b.name << ": an OSCAR package of distribution packages (nothing to compile)\n";
    else if (!job.empty())
      std::cout << b.name << ": built by Slurm job " << job
                << (b.up_to_date ? "" : ", then again here (its inputs changed meanwhile)") << " (" << b.outputs.size()
                << " packages)\n";
    else
      std::cout << b.name << ": " << (b.up_to_date ? "up to date" : "built") << " (" << b.outputs.size()
                << " packages)\n";
    if (!b.oscar_tree.empty()) std::cout << "  OSCAR package tree: " << b.oscar_tree.string() << "\n";
    if (b.stand_in_sources)
      std::cout << "  note: built from stand-in sources (the test fixture), not the upstream release\n";
    if (!b.up_to_date || !job.empty())
      for (const auto& o : b.outputs) std::cout << "  " << args.repo << "/" << o << "\n";
  }
}

// The same build as this one, of `dirs`, on a node: every path absolute.
std::vector<std::string> build_command(const BuildArgs& args, const std::vector<fs::path>& dirs, unsigned jobs) {
  std::vector<std::string> argv = {own_executable(), "build"};
  for (const auto& d : dirs) argv.push_back(fs::absolute(d).string());
  argv.insert(argv.end(), {"--repo", fs::absolute(args.repo).string(), "--oscar-out", fs::absolute(args.oscar_out).string(),
                           "--oscar-format", std::to_string(args.oscar_format), "--jobs", std::to_string(jobs)});
  for (auto& a : distro_build_argv(args.distro)) argv.push_back(std::move(a));
  for (const auto& s : args.sources) argv.insert(argv.end(), {"--sources", fs::absolute(s).string()});
  if (!args.sign_key.empty()) argv.insert(argv.end(), {"--sign-key", args.sign_key});
  return argv;
}

// One job per recipe to build, after the jobs of the recipes it builds with. The submitting run
// holds the repository's lock while it follows them, then indexes the repository once.
void run_build_through_slurm(const BuildArgs& args) {
  const auto options = build_options(args);
  std::vector<fs::path> dirs(args.recipes.begin(), args.recipes.end());
  const auto recipes = value_or_throw(recipe::load_recipes(dirs));
  value_or_throw(ensure_directory(options.repo));
  std::optional<RunLock> lock;
  if (!args.slurm.no_wait) lock = value_or_throw(repo::lock_repository(options.repo));
  const fs::path folder = value_or_throw(slurm::make_run_folder(options.repo / ".ssi-oscar" / "slurm"));
  auto planned = value_or_throw(slurm::recipe_jobs(recipes, options, kRecipeJob, [&](std::size_t i) {
    auto argv = build_command(args, {recipes[i].dir}, *recipes[i].resources.or_else(kRecipeJob).cpus);
    argv.insert(argv.end(), {"--scheduled-job", folder.string()});
    return argv;
  }));
  if (planned.jobs.empty()) {
    fs::remove_all(folder);
    std::cerr << "slurm: nothing to submit, every recipe is up to date\n";
    print_built(args, value_or_throw(recipe::build_recipe_set(recipes, options)));
    return;
  }
  if (args.slurm.no_wait) {
    add_index_job(planned, options.repo);
    run_jobs(planned, args.slurm, folder);
    return;
  }
  const auto run = run_jobs(planned, args.slurm, folder, [&] { (void)repo::index_repository(options.repo, {}); });
  std::map<std::string, std::string> slurm_job;
  for (std::size_t j = 0; j < planned.jobs.size(); ++j) slurm_job[planned.jobs[j].name] = run.ids[j];
  // Every recipe is built now: this writes the OSCAR package trees and indexes the repository once.
  print_built(args, value_or_throw(recipe::build_recipe_set(recipes, options)), slurm_job);
}

void run_build(const BuildArgs& args) {
  if (args.print_spec) {
    for (const auto& dir : args.recipes) std::cout << value_or_throw(recipe::recipe_spec(dir));
    return;
  }
  check_scheduled_job(args.slurm);
  if (args.slurm.enabled) return run_build_through_slurm(args);
  std::vector<fs::path> dirs(args.recipes.begin(), args.recipes.end());
  print_built(args, value_or_throw(recipe::build_recipes(dirs, build_options(args))));
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
  add_distro_build_options(cmd, args->distro);
  cmd->add_flag("--json", args->json, "Machine-readable output");
  cmd->add_flag("--print-spec", args->print_spec, "Print the spec each recipe builds from, build nothing");
  add_slurm_options(cmd, args->slurm);
  cmd->callback([args] { run_build(*args); });
}

}  // namespace ssi::cli
