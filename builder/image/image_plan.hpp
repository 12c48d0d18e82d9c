#pragma once
// `image plan`: resolve an image definition (no installing) and attribute every package to what
// put it there: an OSCAR package, a listed package or the kernel.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "image/image_definition.hpp"
#include "kernel/kernel_definition.hpp"
#include "solve/resolution.hpp"
#include "util/error.hpp"
#include "util/parallel.hpp"

namespace ssi::image {

struct KernelChoice {
  kernel::KernelDefinition definition;
  std::vector<std::string> passed_over;  // earlier choices that were not available, each with why
};

struct PlannedPackage {
  solve::Step step;
  std::string group;   // "oscar:NAME", "listed" or "kernel"
  std::string root;    // the listed package (or opkg-NAME-client) that pulled this one in
};

struct Plan {
  std::optional<KernelChoice> kernel;
  solve::Resolution resolution;
  std::vector<PlannedPackage> packages;  // in install order
  std::vector<std::string> warnings;
  struct Repository {
    std::string name;  // libsolv's
    std::filesystem::path dir;
    bool metadata_only = false;  // rpm-md without the RPM files: plans, but cannot be installed from
  };
  std::vector<Repository> repos;
};

struct PlanOptions {
  std::filesystem::path kernels_dir = "kernels";
  bool skip_unknown = false;
  bool skip_broken = false;  // drop listed packages that cannot be installed, naming each
  std::string arch = "x86_64";
  unsigned jobs = default_jobs();
};

// The group of a package that was asked for by name.
std::string group_of_root(const std::string& root_name, const ImageDefinition& image, const std::string& kernel_package);

// Problems of the resolve are in plan.resolution.problems (exit 3 at the CLI); an Error when no
// acceptable kernel is available or a repository cannot be read.
Expected<Plan> plan_image(const ImageDefinition& image, const PlanOptions& options);

}  // namespace ssi::image
