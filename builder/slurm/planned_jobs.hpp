#pragma once
// What a `--slurm` run submits: for `build` and `kernel build` one job per recipe that is not up
// to date, after the jobs of the recipes it builds with; for `image build` one job per image that
// is not up to date, and for several kernels one job each. Items that are up to date get no job.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "recipe/builder.hpp"
#include "slurm/job.hpp"
#include "util/error.hpp"

namespace ssi::slurm {

struct PlannedJobs {
  std::vector<Job> jobs;
  std::vector<std::size_t> items;  // the recipe or image each job makes
};

// The command line that makes item `i` on a node (absolute paths only).
using JobCommand = std::function<std::vector<std::string>(std::size_t item)>;

Expected<PlannedJobs> recipe_jobs(const std::vector<recipe::Recipe>& recipes, const recipe::BuildOptions& options,
                                  const JobResources& defaults, const JobCommand& command);

// Work whose items do not need each other (images, kernels).
struct Item {
  std::string name;
  JobResources resources;                     // the item's own; defaults fill the rest
  std::function<Expected<bool>()> up_to_date;  // true: no job
  std::filesystem::path log;                  // "" = none
};
Expected<PlannedJobs> independent_jobs(const std::vector<Item>& items, const JobResources& defaults,
                                       const JobCommand& command);

// A new folder BASE/RUN for one run's job scripts and outputs, holding the marker file its jobs
// look for: it must be on a file system every node shares.
Expected<std::filesystem::path> make_run_folder(const std::filesystem::path& base);
// In a job: the run's folder as the submitting host wrote it, or one line saying the path is not shared.
Status check_run_folder(const std::filesystem::path& folder);

}  // namespace ssi::slurm
