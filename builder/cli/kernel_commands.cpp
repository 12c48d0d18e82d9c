// `ssi-oscar kernel list|build`: the kernel definitions of kernels/, and kernel RPMs built from them.
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "cli/build_environment.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/slurm_run.hpp"
#include "kernel/kernel_build.hpp"
#include "kernel/kernel_pick.hpp"
#include "recipe/spec_writer.hpp"
#include "repo/indexer.hpp"
#include "util/fs.hpp"
#include "util/run_lock.hpp"

namespace ssi::cli {
namespace {
namespace fs = std::filesystem;

struct KernelArgs {
  std::string kernels = "kernels", kernel, repo = "repo", build_root, image, boot, cmdline;
  DistroBuildArgs distro;
  std::vector<std::string> sources, to_build;
  bool json = false, print_spec = false;
  SlurmArgs slurm;
};

// A kernel job asks for both CPUs of a small node, unless its definition says otherwise.
const JobResources kKernelJob{2, 4096, 360};

std::string how_built(const kernel::KernelDefinition& k) {
  if (!k.build) return "from its package";
  if (!k.build->build_root.empty()) return "kernel build (needs a build root)";
  return "kernel build";
}

void run_list(const KernelArgs& args) {
  const auto kernels = value_or_throw(kernel::load_kernels(args.kernels));
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& k : kernels)
      list.push_back({{"name", k.name}, {"package", k.package}, {"summary", k.summary}, {"cmdline", k.cmdline},
                      {"buildable", k.build.has_value()}, {"build_root", k.build ? k.build->build_root : ""},
                      {"file", k.file.string()}});
    print_json(list);
    return;
  }
  std::vector<std::vector<std::string>> rows = {{"NAME", "PACKAGE", "MADE BY", "COMMAND LINE"}};
  for (const auto& k : kernels) rows.push_back({k.name, k.package, how_built(k), k.cmdline});
  print_table(rows, "");
}

kernel::KernelBuildOptions build_options(const KernelArgs& args) {
  kernel::KernelBuildOptions options;
  options.build.repo = args.repo;
  options.build.scheduled_job = !args.slurm.scheduled_job.empty();
  options.build_root = args.build_root;
  for (const auto& s : args.sources) options.build.source_dirs.emplace_back(s);
  return options;
}

// `slurm_job`: the Slurm job that built it, in a --slurm run.
nlohmann::json built_json(const kernel::KernelDefinition& k, const recipe::BuiltRecipe& built, const std::string& slurm_job) {
  return {{"kernel", k.name}, {"package", built.name}, {"up_to_date", built.up_to_date && slurm_job.empty()},
          {"slurm_job", slurm_job}, {"stand_in_sources", built.stand_in_sources}, {"outputs", built.outputs},
          {"log", built.log.string()}, {"build_info", built.build_info.string()}};
}

void print_built(const KernelArgs& args, const kernel::KernelDefinition& k, const recipe::BuiltRecipe& built,
                 const std::string& slurm_job) {
  std::cout << k.name << ": "
            << (slurm_job.empty()    ? (built.up_to_date ? "up to date" : "built")
                : built.up_to_date ? "built by Slurm job " + slurm_job
                                   : "built by Slurm job " + slurm_job + ", then again here (its inputs changed meanwhile)")
            << " ("
            << built.outputs.size() << " packages)\n";
  if (built.stand_in_sources) std::cout << "  note: built from stand-in sources (a test fixture), not the upstream release\n";
  for (const auto& o : built.outputs) std::cout << "  " << args.repo << "/" << o << "\n";
  if (!built.log.empty()) std::cout << "  build log: " << built.log.string() << "\n";
}

// The kernels one after the other here, or one Slurm job each; then (again, finding them built
// when jobs made them) here, which indexes the repository.
void run_build(const KernelArgs& args) {
  std::vector<kernel::KernelDefinition> kernels;
  for (const auto& name : args.to_build) kernels.push_back(value_or_throw(kernel::find_kernel(args.kernels, name)));
  auto options = build_options(args);
  if (args.print_spec) {
    apply_distro(args.distro, options.build, Root::not_needed);
    for (const auto& k : kernels)
      std::cout << recipe::render_spec(
          recipe::with_release_tag({value_or_throw(kernel::kernel_build_recipe(k, options))}, options.build.release_tag).front());
    return;
  }
  apply_distro(args.distro, options.build);
  check_scheduled_job(args.slurm);
  std::map<std::string, std::string> slurm_job;  // kernel name -> job id
  std::optional<RunLock> lock;
  if (args.slurm.enabled) {
    value_or_throw(ensure_directory(options.build.repo));
    if (!args.slurm.no_wait) lock = value_or_throw(repo::lock_repository(options.build.repo));
    const fs::path folder = value_or_throw(slurm::make_run_folder(options.build.repo / ".ssi-oscar" / "slurm"));
    std::vector<slurm::Item> items;
    for (const auto& k : kernels)
      items.push_back({k.name, k.recipe.resources, [&] { return kernel::kernel_up_to_date(k, options); }, {}});
    auto command = [&](std::size_t i) {
      std::vector<std::string> argv = {own_executable(), "kernel", "build", fs::absolute(kernels[i].file).string(),
                                       "--repo", fs::absolute(args.repo).string(), "--scheduled-job", folder.string()};
      for (auto& a : distro_build_argv(args.distro)) argv.push_back(std::move(a));
      if (!args.build_root.empty()) argv.insert(argv.end(), {"--build-root", fs::absolute(args.build_root).string()});
      for (const auto& s : args.sources) argv.insert(argv.end(), {"--sources", fs::absolute(s).string()});
      return argv;
    };
    auto planned = value_or_throw(slurm::independent_jobs(items, kKernelJob, command));
    if (planned.jobs.empty()) {
      fs::remove_all(folder);
      std::cerr << "slurm: nothing to submit, every kernel is up to date\n";
    } else if (args.slurm.no_wait) {
      add_index_job(planned, options.build.repo);
      run_jobs(planned, args.slurm, folder);
      return;
    } else {
      const auto run = run_jobs(planned, args.slurm, folder, [&] { (void)repo::index_repository(options.build.repo, {}); });
      for (std::size_t j = 0; j < planned.jobs.size(); ++j) slurm_job[planned.jobs[j].name] = run.ids[j];
    }
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& k : kernels) {
    const auto built = value_or_throw(kernel::build_kernel(k, options));
    const std::string job = slurm_job.count(k.name) ? slurm_job[k.name] : "";
    if (args.json) list.push_back(built_json(k, built, job));
    else print_built(args, k, built, job);
  }
  if (args.json) print_json(list.size() == 1 ? list.front() : list);
}

// An image folder (root/ inside, boot files beside it) or a bare root tree.
void run_pick(const KernelArgs& args) {
  const auto k = value_or_throw(kernel::find_kernel(args.kernels, args.kernel));
  const std::filesystem::path dir = args.image;
  const bool folder = std::filesystem::is_directory(dir / "root");
  const std::filesystem::path root = folder ? dir / "root" : dir;
  const std::filesystem::path boot = !args.boot.empty() ? std::filesystem::path(args.boot)
                                     : folder         ? dir / "boot"
                                                      : std::filesystem::path(dir.string() + ".boot");
  const auto picked = value_or_throw(kernel::pick_kernel(root, k, args.cmdline, boot));
  if (args.json) {
    print_json({{"kernel", k.name}, {"release", picked.release}, {"vmlinuz", picked.vmlinuz.string()},
                {"initrd", picked.initrd.string()}, {"cmdline", picked.cmdline}});
    return;
  }
  std::cout << k.name << " (" << picked.release << ") is the default boot entry of " << root.string() << "\n"
            << "  " << (root / "etc/systemconfig/systemconfig.conf").string() << "\n  " << picked.vmlinuz.string() << "\n";
  if (!picked.initrd.empty()) std::cout << "  " << picked.initrd.string() << "\n";
}

}  // namespace

void add_kernel_commands(CLI::App& app, RunState&) {
  auto args = std::make_shared<KernelArgs>();
  CLI::App* group = app.add_subcommand("kernel", "Kernel definitions: list, build kernel RPMs, pick into an image");
  group->require_subcommand(1);

  CLI::App* list = group->add_subcommand("list", "List the kernel definitions");
  list->add_option("--kernels", args->kernels, "Folder of kernel definitions (default: kernels)");
  list->add_flag("--json", args->json, "Machine-readable output");
  list->callback([args] { run_list(*args); });

  CLI::App* build = group->add_subcommand("build", "Build a kernel RPM from a kernel definition");
  build->add_option("KERNEL", args->to_build, "Names from kernels/, or definitions' paths")->required();
  build->add_option("--kernels", args->kernels, "Folder of kernel definitions (default: kernels)");
  add_distro_build_options(build, args->distro);
  build->add_option("--repo", args->repo, "Repository receiving the packages (default: repo)");
  build->add_option("--sources", args->sources, "Folder searched for sources first")->allow_extra_args(false);
  build->add_option("--build-root", args->build_root, "Root holding the toolchain the kernel needs (/ = this host)");
  build->add_flag("--json", args->json, "Machine-readable output");
  build->add_flag("--print-spec", args->print_spec, "Print the spec, build nothing");
  add_slurm_options(build, args->slurm);
  build->callback([args] { run_build(*args); });

  CLI::App* pick = group->add_subcommand("pick", "Make a kernel the default boot entry of an assembled image");
  pick->add_option("KERNEL", args->kernel, "A name from kernels/, or a definition's path")->required();
  pick->add_option("--image", args->image, "Image folder (with root/) or a root tree")->required();
  pick->add_option("--kernels", args->kernels, "Folder of kernel definitions (default: kernels)");
  pick->add_option("--boot", args->boot, "Where vmlinuz and initrd go (default: the image folder's boot/)");
  pick->add_option("--append", args->cmdline, "Added to the kernel's command line");
  pick->add_flag("--json", args->json, "Machine-readable output");
  pick->callback([args] { run_pick(*args); });
}

}  // namespace ssi::cli
