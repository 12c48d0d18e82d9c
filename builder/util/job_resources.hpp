#pragma once
// What one scheduled job of a recipe, kernel or image needs: the optional [resources] table of
// its file (cpus, memory, time). Read by every definition format; used by `--slurm`.
#include <optional>
#include <string>

#include "util/toml_fields.hpp"

namespace ssi {

struct JobResources {
  std::optional<unsigned> cpus;            // unset: the command's default for the kind of job
  std::optional<unsigned> memory_mib;      // "512M", "4G" or a number of MiB
  std::optional<unsigned> time_minutes;    // "45m", "2h", "1h30m" or a number of minutes

  // Unset fields taken from `defaults`.
  JobResources or_else(const JobResources& defaults) const;
};

// The [resources] table of `top`, if any; bad values are added to the problems.
JobResources read_job_resources(Fields& top);

// "4G" -> 4096 (MiB); nullopt unless a positive whole number with an optional K/M/G/T suffix.
std::optional<unsigned> parse_memory_mib(const std::string& text);
// "1h30m" -> 90 (minutes); nullopt unless one or more NUMBER[dhm] parts, or a bare number.
std::optional<unsigned> parse_minutes(const std::string& text);

}  // namespace ssi
