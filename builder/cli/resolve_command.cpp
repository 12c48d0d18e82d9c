// `ssi-oscar resolve`: the install transaction for a set of specs, with a reason per package.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "oscar/pkglist.hpp"
#include "repo/repository.hpp"
#include "solve/explain.hpp"
#include "solve/resolver.hpp"

namespace ssi::cli {
namespace {
using nlohmann::json;

struct ResolveArgs {
  std::vector<std::string> repos, excludes, pkglists, specs;
  std::string installed, testcase, arch = "x86_64";
  bool no_recommends = false, skip_unknown = false, skip_broken = false, json = false;
  unsigned jobs = default_jobs();
};

solve::Request make_request(const ResolveArgs& args) {
  solve::Request request;
  for (const auto& spec : args.specs) request.specs.push_back({spec, ""});
  for (const auto& file : args.pkglists)
    for (const auto& entry : value_or_throw(oscar::read_pkglist(file)))
      request.specs.push_back({entry.name, file + ":" + std::to_string(entry.line)});
  if (request.specs.empty()) throw Failure{{ExitCode::usage, "resolve: give at least one SPEC or --pkglist FILE"}};
  request.excludes = args.excludes;
  request.recommends = args.no_recommends ? solve::Recommends::ignore : solve::Recommends::install;
  request.on_unknown = args.skip_unknown ? solve::OnUnknown::warn : solve::OnUnknown::fail;
  request.on_broken = args.skip_broken ? solve::OnBroken::skip : solve::OnBroken::fail;
  if (!args.testcase.empty()) request.testcase_dir = args.testcase;
  return request;
}

json resolution_json(const solve::Resolution& res) {
  json transaction = json::array();
  for (const auto& s : res.steps)
    transaction.push_back({{"name", s.name}, {"epoch", s.epoch}, {"version", s.version}, {"release", s.release},
                           {"arch", s.arch}, {"repo", s.repo}, {"location", s.location},
                           {"download_size", s.download_size}, {"install_size", s.install_size},
                           {"reason", {{"type", solve::reason_type_name(s.reason.type)}, {"by", s.reason.by},
                                       {"capability", s.reason.capability}}}});
  json problems = json::array();
  for (const auto& p : res.problems)
    problems.push_back({{"problem", p.summary}, {"details", p.details}, {"solutions", p.solutions}});
  return {{"transaction", transaction},
          {"totals", {{"packages", res.steps.size()}, {"download_size", res.download_size}, {"install_size", res.install_size}}},
          {"problems", problems},
          {"warnings", res.warnings}};
}

void print_resolution(const solve::Resolution& res) {
  if (!res.ok()) {
    std::cout << res.problems.size() << (res.problems.size() == 1 ? " problem" : " problems") << ":\n";
    for (std::size_t i = 0; i < res.problems.size(); ++i) {
      const auto& p = res.problems[i];
      std::cout << "Problem " << i + 1 << ": " << p.summary << "\n";
      for (const auto& d : p.details)
        if (d != p.summary) std::cout << "  - " << d << "\n";
      for (std::size_t s = 0; s < p.solutions.size(); ++s)
        std::cout << "  Solution " << s + 1 << ": " << p.solutions[s] << "\n";
    }
    return;
  }
  std::vector<std::vector<std::string>> rows{{"PACKAGE", "REPOSITORY", "DOWNLOAD", "INSTALLED", "REASON"}};
  for (const auto& s : res.steps)
    rows.push_back({s.nevra(), s.repo, human_size(s.download_size), human_size(s.install_size), solve::reason_text(s.reason)});
  print_table(rows, "");
  std::cout << "Total: " << res.steps.size() << " packages, download " << human_size(res.download_size)
            << ", installed " << human_size(res.install_size) << "\n";
}

void run_resolve(const ResolveArgs& args, RunState& state) {
  const solve::Request request = make_request(args);
  solve::Pool pool(args.arch);
  repo::IndexOptions index_options;
  index_options.jobs = args.jobs;
  std::vector<repo::OpenedRepo> opened;
  for (const auto& r : args.repos) {
    opened.push_back(value_or_throw(
        repo::open_repository(pool, repo::parse_repo_source(r), index_options, solve::SolvContent::resolve_only)));
    if (!args.json)
      for (const auto& p : opened.back().problems) print_warning(p);
  }
  if (!args.installed.empty()) value_or_throw(solve::load_installed(pool, args.installed));
  repo::remember_file_provides(pool, opened);
  const solve::Resolution res = value_or_throw(solve::resolve(pool, request));
  if (!args.json)
    for (const auto& w : res.warnings) print_warning(w);
  if (args.json) print_json(resolution_json(res));
  else print_resolution(res);
  if (!res.ok()) {
    std::cerr << "ssi-oscar: error: the request cannot be resolved (" << res.problems.size()
              << (res.problems.size() == 1 ? " problem" : " problems") << ")\n";
    state.exit_code = static_cast<int>(ExitCode::unresolvable);
  }
}

}  // namespace

void add_resolve_command(CLI::App& app, RunState& state) {
  auto args = std::make_shared<ResolveArgs>();
  CLI::App* cmd = app.add_subcommand("resolve", "Resolve SPECs against repositories and explain every package");
  cmd->add_option("SPEC", args->specs, "Name, 'name >= version', capability or file path");
  cmd->add_option("--repo", args->repos, "Repository directory, optionally DIR:PRIORITY (higher wins)")
      ->required()
      ->allow_extra_args(false);
  cmd->add_option("--installed", args->installed, "Image root whose rpmdb is the installed system");
  cmd->add_option("--exclude", args->excludes, "Package name glob the solver must not use")->allow_extra_args(false);
  cmd->add_option("--pkglist", args->pkglists, "OSCAR package list (one name a line, # comments)")->allow_extra_args(false);
  cmd->add_flag("--no-recommends", args->no_recommends, "Do not install weak dependencies");
  cmd->add_flag("--skip-unknown", args->skip_unknown, "Warn about names that match nothing instead of failing");
  cmd->add_flag("--skip-broken", args->skip_broken, "Drop requests that cannot be installed, naming each");
  cmd->add_option("--testcase", args->testcase, "Write a libsolv testcase (for testsolv) into this directory");
  cmd->add_option("--arch", args->arch, "Target architecture (default x86_64)");
  cmd->add_option("-j,--jobs", args->jobs, "Headers read in parallel while indexing")->check(CLI::Range(1, 256));
  cmd->add_flag("--json", args->json, "Machine-readable output");
  cmd->callback([args, &state] { run_resolve(*args, state); });
}

}  // namespace ssi::cli
