#include "slurm/planned_jobs.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <optional>

#include "recipe/build_order.hpp"
#include "util/fs.hpp"
#include "util/text.hpp"

namespace ssi::slurm {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMarker = "submitted-by";

std::string host_name() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

}  // namespace

Expected<PlannedJobs> recipe_jobs(const std::vector<recipe::Recipe>& recipes, const recipe::BuildOptions& options,
                                  const JobResources& defaults, const JobCommand& command) {
  auto current = recipe::recipes_up_to_date(recipes, options);
  if (!current) return current.error();
  auto levels = recipe::build_levels(recipes);
  if (!levels) return levels.error();  // a cycle
  const auto needs = recipe::build_needs(recipes);
  // Jobs in an order where every job comes after those it needs: the build levels' order.
  PlannedJobs planned;
  std::vector<std::optional<std::size_t>> job_of(recipes.size());
  for (const auto& level : *levels)
    for (std::size_t i : level) {
      if ((*current)[i]) continue;
      Job job{recipes[i].name, command(i), recipes[i].resources.or_else(defaults), {},
              options.repo / ".ssi-oscar" / "logs" / (recipes[i].name + ".log")};
      for (std::size_t n : needs[i])
        if (job_of[n]) job.after.push_back(*job_of[n]);
      job_of[i] = planned.jobs.size();
      planned.jobs.push_back(std::move(job));
      planned.items.push_back(i);
    }
  return planned;
}

Expected<PlannedJobs> independent_jobs(const std::vector<Item>& items, const JobResources& defaults,
                                       const JobCommand& command) {
  PlannedJobs planned;
  std::optional<Error> problems;  // of every item; the first one's exit code
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto current = items[i].up_to_date();
    if (!current) {
      if (problems) append_line(problems->message, current.error().message);
      else problems = current.error();
      continue;
    }
    if (*current) continue;
    planned.jobs.push_back({items[i].name, command(i), items[i].resources.or_else(defaults), {}, items[i].log});
    planned.items.push_back(i);
  }
  if (problems) return *problems;
  return planned;
}

Expected<fs::path> make_run_folder(const fs::path& base) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&now));
  const fs::path folder = fs::absolute(base) / (std::string(stamp) + "-" + std::to_string(::getpid()));
  if (auto ok = ensure_directory(folder); !ok) return ok.error();
  if (auto ok = write_file_atomic(folder / kMarker, host_name() + " " + std::to_string(::getpid()) + "\n"); !ok)
    return ok.error();
  return folder;
}

Status check_run_folder(const fs::path& folder) {
  if (fs::exists(folder / kMarker)) return success();
  return bad_input((folder / kMarker).string() + ": not found on " + host_name() +
                   ": the repository or output folder must be on a file system every node of the cluster shares");
}

}  // namespace ssi::slurm
