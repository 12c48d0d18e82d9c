// `ssi-oscar image plan|build|report|diff|compare|boot-test|usage`: compute-node images from definitions.
#include <unistd.h>

#include <charconv>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/slurm_run.hpp"
#include "boot/boot_test.hpp"
#include "image/boot_usage.hpp"
#include "image/distro_comparison.hpp"
#include "image/image_builder.hpp"
#include "image/kernel_fit.hpp"
#include "image/image_report.hpp"
#include "solve/explain.hpp"
#include "util/fs.hpp"

namespace ssi::cli {
namespace {
namespace fs = std::filesystem;

struct ImageArgs {
  std::string definition, kernels = "kernels", out, out_dir = "image-out", oscar_packages = "oscar-packages", html, a, b,
      image_dir, append, distro;
  std::vector<std::string> gpg_keys, definitions, images, results, figures;
  bool json = false, skip_unknown = false, skip_broken = false, usage = false;
  std::size_t rows = 15;
  unsigned jobs = default_jobs(), timeout = 120, nodes = 1;
  int level = image::ImageBuildOptions{}.zstd_level;
  int window = image::ImageBuildOptions{}.zstd_window_log;
  SlurmArgs slurm;
};

// An image job: zstd's threads and the installer, on two CPUs, unless the definition says more.
const JobResources kImageJob{2, 2048, 120};

image::PlanOptions plan_options(const ImageArgs& args) {
  image::PlanOptions options;
  options.kernels_dir = args.kernels;
  options.skip_unknown = args.skip_unknown;
  options.skip_broken = args.skip_broken;
  options.jobs = args.jobs;
  return options;
}

void print_kernel_choice(const image::Plan& plan) {
  if (!plan.kernel) {
    print_warning("the definition names no kernel: the image will not boot on its own");
    return;
  }
  for (const auto& p : plan.kernel->passed_over) std::cout << "Kernel passed over: " << p << "\n";
  std::cout << "Kernel: " << plan.kernel->definition.name << " (package " << plan.kernel->definition.package << ")\n";
}

void run_plan(const ImageArgs& args) {
  const auto image = value_or_throw(image::load_image(args.definition, args.distro));
  const auto plan = value_or_throw(image::plan_image(image, plan_options(args)));
  if (!plan.resolution.ok()) throw Failure{image::unresolvable_image(image, plan.resolution)};
  // The kernel against the image, from the packages' payloads (not for metadata-only repositories).
  std::vector<std::string> kernel_notes;
  if (const auto facts = value_or_throw(image::facts_from_packages(plan)))
    kernel_notes = value_or_throw(image::check_kernel_fit(*facts, plan.kernel->definition, image.files.front().string())).notes;
  std::map<std::string, std::vector<const image::PlannedPackage*>> groups;
  for (const auto& p : plan.packages) groups[image::group_label(p.group)].push_back(&p);
  if (args.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : plan.packages)
      out.push_back({{"nevra", p.step.nevra()}, {"installed_size", p.step.install_size}, {"group", p.group},
                     {"root", p.root}, {"reason", solve::reason_text(p.step.reason)}});
    print_json({{"image", image.name}, {"kernel", plan.kernel ? plan.kernel->definition.name : ""},
                {"kernel_passed_over", plan.kernel ? plan.kernel->passed_over : std::vector<std::string>{}},
                {"kernel_notes", kernel_notes}, {"packages", out}, {"installed_size", plan.resolution.install_size},
                {"warnings", plan.warnings}});
    return;
  }
  for (const auto& w : plan.warnings) print_warning(w);
  std::cout << "Image " << image.name << " (" << image.files.front().string() << ")\n";
  print_kernel_choice(plan);
  for (const auto& note : kernel_notes) std::cout << "  " << note << "\n";
  for (const auto& [label, members] : groups) {
    std::uint64_t total = 0;
    for (const auto* p : members) total += p->step.install_size;
    std::cout << "\n" << label << ": " << members.size() << " packages, " << human_size(total) << "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto* p : members)
      rows.push_back({p->step.nevra(), human_size(p->step.install_size), solve::reason_text(p->step.reason)});
    print_table(rows);
  }
  std::cout << "\nPredicted: " << plan.packages.size() << " packages, " << human_size(plan.resolution.install_size)
            << " installed\n";
}

image::ImageBuildOptions build_options(const ImageArgs& args, const image::ImageDefinition& image) {
  image::ImageBuildOptions options;
  options.plan = plan_options(args);
  options.out = args.out.empty() ? fs::path(args.out_dir) / image.name : fs::path(args.out);
  options.oscar_packages = args.oscar_packages;
  options.zstd_level = args.level;
  options.zstd_window_log = args.window;
  options.gpg_keys.assign(args.gpg_keys.begin(), args.gpg_keys.end());
  options.progress = !args.json && !args.slurm.enabled && ::isatty(STDERR_FILENO) ? ShowProgress::yes : ShowProgress::no;
  return options;
}

nlohmann::json built_json(const image::ImageBuildResult& result, const fs::path& out, const std::string& slurm_job) {
  return {{"image", result.manifest.name}, {"out", out.string()}, {"up_to_date", result.up_to_date && slurm_job.empty()},
          {"slurm_job", slurm_job}, {"warnings", result.warnings}, {"layers_reused", result.layers_reused},
          {"manifest", image::manifest_json(result.manifest)}};
}

void print_built(const image::ImageBuildResult& result, const fs::path& out, const std::string& slurm_job) {
  const auto& m = result.manifest;
  for (const auto& w : result.warnings) print_warning(w);
  std::cout << m.name << ": "
            << (slurm_job.empty()     ? (result.up_to_date ? "up to date" : "built")
                : result.up_to_date ? "built by Slurm job " + slurm_job
                                    : "built by Slurm job " + slurm_job + ", then again here (its inputs changed meanwhile)")
            << " in " << out.string() << "\n";
  std::cout << "  " << m.packages.size() << " packages, " << human_size(m.installed_size) << " installed, " << m.files
            << " files\n";
  if (m.has_kernel) std::cout << "  kernel " << m.kernel.name << " (" << m.kernel.release << ")\n";
  for (const auto& [file, bytes] : m.artifacts) std::cout << "  " << file << "  " << human_size(bytes) << "\n";
  if (!m.initramfs_layers.empty() && !result.up_to_date) {
    std::cout << "  initramfs layers (" << result.layers_reused << " of " << m.initramfs_layers.size() << " reused):";
    for (const auto& l : m.initramfs_layers) std::cout << " " << l.name << " " << human_size(l.bytes);
    std::cout << "\n";
  }
  for (const auto& n : m.notes) std::cout << "  note: " << n << "\n";
}

// The same image build on a node: every path absolute.
std::vector<std::string> image_build_command(const ImageArgs& args, const image::ImageDefinition& image,
                                             const image::ImageBuildOptions& options, unsigned cpus) {
  std::vector<std::string> argv = {own_executable(), "image", "build", fs::absolute(image.files.front()).string(),
                                   "--out", fs::absolute(options.out).string(), "--kernels",
                                   fs::absolute(args.kernels).string(), "--oscar-packages",
                                   fs::absolute(args.oscar_packages).string(), "--zstd-level", std::to_string(args.level),
                                   "--zstd-window", std::to_string(args.window),
                                   "--jobs", std::to_string(cpus)};
  for (const auto& k : args.gpg_keys) argv.insert(argv.end(), {"--gpg-key", fs::absolute(k).string()});
  if (args.skip_unknown) argv.push_back("--skip-unknown");
  if (args.skip_broken) argv.push_back("--skip-broken");
  if (!image.distro.empty()) argv.insert(argv.end(), {"--distro", image.distro});
  return argv;
}

// Each image here in turn, or one Slurm job each; then here (finding them built when jobs made
// them) for the summary.
void run_build(const ImageArgs& args) {
  if (!args.out.empty() && args.definitions.size() > 1)
    throw Failure{{ExitCode::usage, "--out names one image's folder: with several definitions use --out-dir"}};
  check_scheduled_job(args.slurm);
  std::vector<image::ImageDefinition> images;
  std::vector<image::ImageBuildOptions> options;
  for (const auto& d : args.definitions) {
    images.push_back(value_or_throw(image::load_image(d, args.distro)));
    options.push_back(build_options(args, images.back()));
  }
  std::map<std::string, std::string> slurm_job;  // image name -> job id
  if (args.slurm.enabled) {
    const fs::path base = fs::absolute(options.front().out).parent_path() / ".ssi-oscar-slurm";
    const fs::path folder = value_or_throw(slurm::make_run_folder(base));
    std::vector<slurm::Item> items;
    for (std::size_t i = 0; i < images.size(); ++i)
      items.push_back({images[i].name, images[i].resources,
                       [&, i] { return image::image_up_to_date(images[i], options[i]); }, {}});
    const auto planned = value_or_throw(slurm::independent_jobs(items, kImageJob, [&](std::size_t i) {
      auto argv = image_build_command(args, images[i], options[i], *images[i].resources.or_else(kImageJob).cpus);
      argv.insert(argv.end(), {"--scheduled-job", folder.string()});
      return argv;
    }));
    if (planned.jobs.empty()) {
      fs::remove_all(folder);
      std::cerr << "slurm: nothing to submit, every image is up to date\n";
    } else {
      const auto run = run_jobs(planned, args.slurm, folder);
      if (args.slurm.no_wait) return;
      for (std::size_t j = 0; j < planned.jobs.size(); ++j) slurm_job[planned.jobs[j].name] = run.ids[j];
    }
  }
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = 0; i < images.size(); ++i) {
    const auto result = value_or_throw(image::build_image(images[i], options[i]));
    const std::string job = slurm_job.count(images[i].name) ? slurm_job[images[i].name] : "";
    if (args.json) list.push_back(built_json(result, options[i].out, job));
    else print_built(result, options[i].out, job);
  }
  if (args.json) print_json(list.size() == 1 ? list.front() : list);
}

void write_html(const std::string& file, const std::string& html) {
  value_or_throw(write_file_atomic(file, html));
  std::cout << "HTML report: " << file << "\n";
}

void run_report(const ImageArgs& args) {
  const auto report = image::make_report(value_or_throw(image::load_manifest(args.image_dir)));
  if (args.json) print_json(image::report_json(report));
  else std::cout << image::report_text(report);
  if (!args.html.empty()) write_html(args.html, image::report_html(report));
}

void run_diff(const ImageArgs& args) {
  const auto diff = image::diff_images(value_or_throw(image::load_manifest(args.a)), value_or_throw(image::load_manifest(args.b)));
  const auto folder = [](const fs::path& p) { return p.filename() == "manifest.json" ? p.parent_path() : p; };
  auto answer = image::side_by_side(diff.a, folder(args.a), diff.b, folder(args.b));
  for (const auto& file : args.results) {
    const auto text = value_or_throw(read_file(file));
    const auto results = nlohmann::json::parse(text, nullptr, false);
    if (results.is_discarded()) throw Failure{bad_input(file + ": not JSON (`cluster sweep --json`, `cluster test --json`)")};
    value_or_throw(image::add_cluster_results(answer, results, file));
  }
  for (const auto& file : args.figures) answer.figures.push_back(value_or_throw(read_file(file)));
  if (args.json) print_json(image::diff_json(diff, answer));
  else std::cout << image::diff_text(diff, answer);
  if (!args.html.empty()) write_html(args.html, image::diff_html(diff, answer));
}

void run_compare(const ImageArgs& args) {
  const auto comparison = value_or_throw(image::compare_distributions(args.a, args.b, args.images));
  if (args.json) print_json(image::comparison_json(comparison));
  else std::cout << image::comparison_text(comparison);
  if (!args.html.empty()) write_html(args.html, image::comparison_html(comparison));
}

void run_boot_test(const ImageArgs& args) {
  boot::BootTestOptions options;
  options.timeout = std::chrono::seconds(args.timeout);
  options.append = args.append;
  options.nodes = args.nodes;
  options.usage = args.usage;
  const auto result = value_or_throw(boot::boot_test(args.image_dir, options));
  const fs::path usage_file = image::boot_usage_file(args.image_dir);
  if (args.json) {
    nlohmann::json j = {{"image", args.image_dir}, {"passed", true}, {"seconds", result.seconds}, {"log", result.log.string()},
                        {"node", result.node_lines}};
    if (args.usage) j["usage"] = {{"opened_files", result.used_files}, {"list", usage_file.string()}};
    print_json(j);
    return;
  }
  std::cout << args.image_dir << ": boot test passed in " << static_cast<int>(result.seconds + 0.5) << " s (serial log "
            << result.log.string() << ")\n"
            << result.node_lines;
  if (args.usage)
    std::cout << "The node opened " << result.used_files << " files: " << usage_file.string() << " (ssi-oscar image usage "
              << args.image_dir << ")\n";
}

void run_usage(const ImageArgs& args) {
  const auto usage = value_or_throw(image::boot_usage(args.image_dir));
  if (args.json) print_json(image::usage_json(usage));
  else std::cout << image::usage_text(usage, args.rows);
}

}  // namespace

void add_image_commands(CLI::App& app, RunState&) {
  auto args = std::make_shared<ImageArgs>();
  CLI::App* group = app.add_subcommand("image", "Compute-node images: plan, build, report, diff, compare, boot-test, usage");
  group->require_subcommand(1);

  CLI::App* plan = group->add_subcommand("plan", "Resolve an image definition and predict its packages and size");
  CLI::App* build = group->add_subcommand("build", "Assemble an image: root tree, archives, kernel, PXE files, manifest");
  plan->add_option("IMAGE_TOML", args->definition, "Image definition")->required();
  build->add_option("IMAGE_TOML", args->definitions, "Image definitions")->required();
  for (CLI::App* cmd : {plan, build}) {
    cmd->add_option("--kernels", args->kernels, "Folder of kernel definitions (default: kernels)");
    cmd->add_option("-j,--jobs", args->jobs, "Threads for indexing and compression")->check(CLI::Range(1, 256));
    cmd->add_flag("--skip-unknown", args->skip_unknown, "Warn about listed names that match nothing instead of failing");
    cmd->add_flag("--skip-broken", args->skip_broken, "Drop listed packages that cannot be installed, naming each");
    cmd->add_flag("--json", args->json, "Machine-readable output");
    cmd->add_option("--distro", args->distro, "Target distribution: {distro} in the definition's repos (default: its distro)");
  }
  plan->callback([args] { run_plan(*args); });
  build->add_option("--out", args->out, "Image folder of a single definition (default: OUT_DIR/NAME)");
  build->add_option("--out-dir", args->out_dir, "Where the image folders go, one per definition (default: image-out)");
  build->add_option("--oscar-packages", args->oscar_packages, "OSCAR package trees (post-image scripts)");
  build->add_option("--zstd-level", args->level, "zstd level of the archives")->capture_default_str()->check(CLI::Range(1, 19));
  build->add_option("--zstd-window", args->window,
                    "zstd long-distance window of the archives, 2^N bytes (0: off; 27 is the most Linux unpacks)")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](const std::string& text) {
            // zstd's smallest window is 2^10.
            int n = -1;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
            const bool whole = error == std::errc() && end == text.data() + text.size();
            return whole && (n == 0 || (n >= 10 && n <= 27)) ? std::string() : "0 (off) or 10 to 27, not " + text;
          },
          "0 or 10-27"));
  build->add_option("--gpg-key", args->gpg_keys, "Public key (ASCII-armoured) every package must be signed by; repeatable")
      ->check(CLI::ExistingFile);
  add_slurm_options(build, args->slurm);
  build->callback([args] { run_build(*args); });

  CLI::App* report = group->add_subcommand("report", "Size and content of a built image");
  report->add_option("IMAGE", args->image_dir, "Image folder or its manifest.json")->required();
  CLI::App* diff = group->add_subcommand("diff", "What image B adds to and removes from image A, and why");
  diff->add_option("A", args->a, "Image folder or manifest.json")->required();
  diff->add_option("B", args->b, "Image folder or manifest.json")->required();
  diff->add_option("--results", args->results, "JSON of `cluster sweep --json` or `cluster test --json`: more rows of the side-by-side table")
      ->check(CLI::ExistingFile);
  diff->add_option("--svg", args->figures, "An SVG plot (cluster sweep --svg) shown under the HTML page's table")->check(CLI::ExistingFile);
  CLI::App* compare = group->add_subcommand("compare", "The same images on two distributions: sizes, boot time, what changed");
  compare->add_option("A_DIR", args->a, "Image folders of one distribution (image-out/debian-12)")->required();
  compare->add_option("B_DIR", args->b, "Image folders of the other (image-out/debian-13)")->required();
  compare->add_option("--image", args->images, "Only this image (repeatable; default: every image both hold)");
  for (CLI::App* cmd : {report, diff, compare}) {
    cmd->add_flag("--json", args->json, "Machine-readable output");
    cmd->add_option("--html", args->html, "Also write a self-contained HTML page");
  }
  report->callback([args] { run_report(*args); });
  diff->callback([args] { run_diff(*args); });
  compare->callback([args] { run_compare(*args); });

  CLI::App* boot = group->add_subcommand("boot-test", "Boot the image under qemu and wait for its marker line");
  boot->add_option("IMAGE", args->image_dir, "Image folder")->required();
  boot->add_option("--timeout", args->timeout, "Seconds to wait for the marker (default 120)");
  boot->add_option("--append", args->append, "More kernel parameters (a Kerrighed node: node_id=1)");
  boot->add_option("--nodes", args->nodes, "Boot N nodes as one Kerrighed cluster on a private network")
      ->check(CLI::Range(1, 32));
  boot->add_flag("--usage", args->usage, "List the files the node opened (IMAGE/boot-usage.txt), for `image usage`");
  boot->add_flag("--json", args->json, "Machine-readable output");
  boot->callback([args] { run_boot_test(*args); });

  CLI::App* usage = group->add_subcommand("usage", "What the last `boot-test --usage` opened, per package, and what to leave out");
  usage->add_option("IMAGE", args->image_dir, "Image folder")->required();
  usage->add_option("--rows", args->rows, "Packages listed (default 15)");
  usage->add_flag("--json", args->json, "Machine-readable output");
  usage->callback([args] { run_usage(*args); });
}

}  // namespace ssi::cli
