// `ssi-oscar distro list|fetch`: target distributions (distros/*.toml) and their packages.
#include <iomanip>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "distro/distro_fetch.hpp"
#include "repo/repository.hpp"
#include "util/text.hpp"

namespace ssi::cli {
namespace {

struct DistroArgs {
  std::string distros = "distros";
  std::string distro;
  std::vector<std::string> packages;
  std::string mirror;
  std::string repo;
  std::string cache;
  bool download_only = false;
  bool refresh = false;
  unsigned jobs = default_jobs();
  bool json = false;
};

void run_list(const DistroArgs& args) {
  const auto distros = value_or_throw(distro::load_distros(args.distros));
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : distros)
    rows.push_back({d.name, d.suite, join(d.components, ","), join(d.architectures, ","), d.release_tag, d.summary});
  std::cout << format_table(rows, "");
}

void run_fetch(const DistroArgs& args) {
  const auto d = value_or_throw(distro::find_distro(args.distros, args.distro));
  distro::FetchOptions options;
  options.mirror = args.mirror;
  options.cache = args.cache.empty() ? repo::user_cache_dir() / "distros" : std::filesystem::path(args.cache);
  if (!args.download_only) options.repo = args.repo.empty() ? std::filesystem::path("repos") / d.name : std::filesystem::path(args.repo);
  options.import.jobs = args.jobs;
  if (args.refresh) options.release_max_age = std::chrono::seconds(0);
  const auto r = value_or_throw(distro::fetch_packages(d, args.packages, options));
  std::size_t converted = 0;
  for (const auto& p : r.imported) converted += p.up_to_date ? 0 : 1;
  if (args.json) {
    nlohmann::json packages = nlohmann::json::array();
    for (std::size_t i = 0; i < r.packages.size(); ++i) {
      const auto& p = r.packages[i];
      packages.push_back({{"name", p.name}, {"version", p.version}, {"arch", p.arch}, {"suite", r.suites[p.source].suite},
                          {"size", p.size}, {"sha256", p.sha256}, {"deb", r.debs[i].string()}, {"reason", p.reason}});
    }
    nlohmann::json suites = nlohmann::json::array();
    for (const auto& s : r.suites)
      suites.push_back({{"suite", s.suite}, {"mirror", s.mirror}, {"version", s.release.version}, {"only", s.only},
                        {"release_downloaded", s.release_downloaded}, {"indexes_downloaded", s.indexes_downloaded},
                        {"indexes_cached", s.indexes_cached}});
    print_json({{"distro", d.name}, {"suite", d.suite}, {"release", r.suites.front().release.version}, {"suites", suites},
                {"debs_downloaded", r.debs_downloaded}, {"debs_cached", r.debs_cached}, {"bytes_total", r.bytes_total},
                {"bytes_downloaded", r.bytes_downloaded}, {"download_seconds", r.download_seconds}, {"notes", r.notes},
                {"repository", options.repo.string()}, {"converted", converted}, {"packages", packages}});
    return;
  }
  // The answer first: what the closure is and where it went; then where each suite came from.
  std::cout << d.name << ": " << r.packages.size() << " packages in the closure, " << human_size(r.bytes_total) << ": "
            << r.debs_cached << " from the cache, " << r.debs_downloaded << " downloaded (" << human_size(r.bytes_downloaded);
  if (r.debs_downloaded > 0) std::cout << " in " << std::fixed << std::setprecision(1) << r.download_seconds << " s";
  std::cout << ")\n";
  if (!options.repo.empty())
    std::cout << "imported into " << options.repo.string() << ": " << converted << " converted, " << r.imported.size() - converted
              << " up to date\n";
  for (const auto& s : r.suites)
    std::cout << "  " << s.suite << (s.release.version.empty() ? "" : " (Debian " + s.release.version + ")") << " from "
              << s.mirror << ": InRelease " << (s.release_downloaded ? "downloaded" : "cached") << ", signature good; "
              << s.indexes_downloaded << " index(es) downloaded, " << s.indexes_cached << " cached\n";
  for (const auto& b : d.borrowed) {
    std::vector<std::string> taken;
    for (const auto& p : r.packages)
      if (r.suites[p.source].suite == b.suite) taken.push_back(p.name + " " + p.version);
    if (!taken.empty()) std::cout << "  borrowed from " << b.suite << ": " << join(taken, ", ") << " (" << b.reason << ")\n";
  }
  for (const auto& note : r.notes) std::cout << "  cache: " << note << "\n";
}

}  // namespace

void add_distro_commands(CLI::App& app, RunState&) {
  auto args = std::make_shared<DistroArgs>();
  CLI::App* group = app.add_subcommand("distro", "Target distributions (distros/*.toml) and their packages");
  group->require_subcommand(1);
  CLI::App* list = group->add_subcommand("list", "The defined distributions");
  list->callback([args] { run_list(*args); });
  CLI::App* fetch = group->add_subcommand("fetch", "Download a package list's closure from the distribution's suite and import it");
  fetch->add_option("DISTRO", args->distro, "A distribution's name or definition file")->required();
  fetch->add_option("PACKAGE", args->packages, "Debian package names")->required();
  fetch->add_option("--mirror", args->mirror, "The archive's address (default: the one this machine's apt sources use)");
  fetch->add_option("--repo", args->repo, "Repository receiving the RPMs (default: repos/DISTRO)");
  fetch->add_option("--cache", args->cache, "Download cache (default: ~/.cache/ssi-oscar/distros)");
  fetch->add_flag("--download-only", args->download_only, "Download into the cache, import nothing");
  fetch->add_flag("--refresh", args->refresh, "Fetch the suite's InRelease even when the cached one is recent");
  fetch->add_option("-j,--jobs", args->jobs, "Packages converted side by side")->check(CLI::Range(1, 64));
  fetch->add_flag("--json", args->json, "Machine-readable output");
  for (CLI::App* command : {list, fetch})
    command->add_option("--distros", args->distros, "Folder of distribution definitions (default: distros)");
  fetch->callback([args] { run_fetch(*args); });
}

}  // namespace ssi::cli
