#include "image/image_plan.hpp"

#include <map>

#include "repo/repository.hpp"
#include "solve/query.hpp"
#include "solve/resolver.hpp"

namespace ssi::image {
namespace fs = std::filesystem;
namespace {

std::string client_package(const std::string& oscar_package) { return "opkg-" + oscar_package + "-client"; }

Expected<std::optional<KernelChoice>> choose_kernel(solve::Pool& pool, const ImageDefinition& image,
                                                    const PlanOptions& options) {
  if (image.kernels.empty()) return std::optional<KernelChoice>{};
  KernelChoice choice;
  for (const auto& name : image.kernels) {
    auto k = kernel::find_kernel(options.kernels_dir, name);
    if (!k) return k.error();
    if (!solve::what_provides(pool, k->package).empty()) {
      choice.definition = std::move(k).value();
      return std::optional(choice);
    }
    std::string why = name + ": its package " + k->package + " is not in the repositories";
    if (k->build && !k->build->build_root.empty()) why += " (building it needs a build root: " + k->build->build_root + ")";
    else if (k->build) why += " (ssi-oscar kernel build " + name + " makes it)";
    choice.passed_over.push_back(why);
  }
  std::string text = image.files.front().string() + ": image.kernel: none of the acceptable kernels is available:";
  for (const auto& p : choice.passed_over) text += "\n  " + p;
  return Error{ExitCode::unresolvable, text};
}

// Follows "needed by" links up to the package that was asked for.
std::string root_of(const solve::Step& step, const std::map<std::string, const solve::Step*>& by_nevra) {
  const solve::Step* s = &step;
  for (int hops = 0; hops < 10000 && s->reason.type != solve::Reason::Type::requested; ++hops) {
    auto it = by_nevra.find(s->reason.by);
    if (it == by_nevra.end()) break;
    s = it->second;
  }
  return s->name;
}

}  // namespace

std::string group_of_root(const std::string& root, const ImageDefinition& image, const std::string& kernel_package) {
  for (const auto& o : image.oscar)
    if (client_package(o.name) == root) return "oscar:" + o.name;
  if (root == kernel_package) return "kernel";
  return "listed";
}

Expected<Plan> plan_image(const ImageDefinition& image, const PlanOptions& options) {
  Plan plan;
  solve::Pool pool(options.arch);
  repo::IndexOptions index_options;
  index_options.jobs = options.jobs;
  std::vector<repo::OpenedRepo> opened;
  for (const auto& dir : image.repos) {
    auto r = repo::open_repository(pool, {dir, 0}, index_options, solve::SolvContent::resolve_only);
    if (!r) return r.error();
    for (const auto& p : r->problems) plan.warnings.push_back(p);
    plan.repos.push_back({r->name, dir, r->kind == repo::RepoKind::metadata_only});
    opened.push_back(std::move(r).value());
  }
  pool.prepare();
  auto kernel = choose_kernel(pool, image, options);
  if (!kernel) return kernel.error();
  plan.kernel = std::move(kernel).value();

  solve::Request request;
  for (const auto& o : image.oscar) request.specs.push_back({client_package(o.name), o.origin});
  for (const auto& p : image.packages) request.specs.push_back({p.name, p.origin});
  if (plan.kernel) request.specs.push_back({plan.kernel->definition.package, "kernel " + plan.kernel->definition.name});
  request.excludes = image.exclude;
  request.on_unknown = options.skip_unknown ? solve::OnUnknown::warn : solve::OnUnknown::fail;
  request.on_broken = options.skip_broken ? solve::OnBroken::skip : solve::OnBroken::fail;
  repo::remember_file_provides(pool, opened);
  auto resolution = solve::resolve(pool, request);
  if (!resolution) return resolution.error();
  plan.resolution = std::move(resolution).value();
  for (const auto& w : plan.resolution.warnings) plan.warnings.push_back(w);

  std::map<std::string, const solve::Step*> by_nevra;
  for (const auto& s : plan.resolution.steps) by_nevra[s.nevra()] = &s;
  const std::string kernel_package = plan.kernel ? plan.kernel->definition.package : "";
  for (const auto& s : plan.resolution.steps) {
    const std::string root = root_of(s, by_nevra);
    plan.packages.push_back({s, group_of_root(root, image, kernel_package), root});
  }
  return plan;
}

}  // namespace ssi::image
