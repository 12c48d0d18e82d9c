// `ssi-oscar repo index` and `ssi-oscar repo query`.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "repo/indexer.hpp"
#include "repo/repository.hpp"
#include "solve/query.hpp"

namespace ssi::cli {
namespace {
using nlohmann::json;

struct IndexArgs {
  std::string dir;
  unsigned jobs = default_jobs();
  bool repodata = false;
  std::string compression = "gzip";
  bool strict = false;
  bool json = false;
  std::vector<std::string> gpg_keys;
};

void run_index(const IndexArgs& args) {
  repo::IndexOptions options;
  options.jobs = args.jobs;
  options.strict = args.strict ? repo::Strict::yes : repo::Strict::no;
  options.repodata = !args.repodata ? Compression::none
                     : args.compression == "zstd" ? Compression::zstd
                                                  : Compression::gzip;
  options.progress = args.json ? ShowProgress::no : ShowProgress::yes;
  options.gpg_keys.assign(args.gpg_keys.begin(), args.gpg_keys.end());
  const repo::IndexSummary s = value_or_throw(repo::index_repository(args.dir, options));
  if (args.json) {
    print_json({{"repository", args.dir}, {"packages", s.packages}, {"read", s.read}, {"reused", s.reused},
                {"removed", s.removed}, {"unchanged", s.unchanged}, {"repodata_written", s.repodata_written},
                {"problems", s.problems}, {"duplicates", s.duplicates}});
    return;
  }
  for (const auto& p : s.problems) print_warning(p);
  for (const auto& d : s.duplicates) print_warning(d);
  std::cout << args.dir << ": " << s.packages << " packages";
  if (s.unchanged) std::cout << " (up to date, nothing read)";
  else std::cout << " (read " << s.read << ", reused " << s.reused << ", removed " << s.removed << ")";
  if (s.repodata_written) std::cout << "; repodata written";
  std::cout << "\n";
}

struct QueryArgs {
  std::string dir, whatprovides, whatrequires, info;
  bool list = false;
  bool json = false;
};

json info_json(const solve::PackageInfo& p) {
  json j = {{"nevra", p.nevra}, {"name", p.name}, {"evr", p.evr}, {"arch", p.arch}, {"repo", p.repo},
            {"location", p.location}, {"summary", p.summary}, {"download_size", p.download_size},
            {"install_size", p.install_size}};
  if (!p.dependencies.empty() || !p.license.empty()) {
    j["description"] = p.description;
    j["license"] = p.license;
    j["url"] = p.url;
    j["sourcerpm"] = p.sourcerpm;
    for (const auto& [kind, deps] : p.dependencies) j[kind] = deps;
  }
  return j;
}

void print_info(const solve::PackageInfo& p) {
  print_table({{"Name", p.name}, {"Version", p.evr}, {"Architecture", p.arch}, {"Repository", p.repo},
               {"Location", p.location}, {"Download size", human_size(p.download_size)},
               {"Installed size", human_size(p.install_size)}, {"Source RPM", p.sourcerpm},
               {"License", p.license}, {"URL", p.url}, {"Summary", p.summary}},
              "");
  for (const auto& [kind, deps] : p.dependencies) {
    std::cout << kind << ":\n";
    for (const auto& d : deps) std::cout << "  " << d << "\n";
  }
  std::cout << "\n";
}

void run_query(const QueryArgs& args) {
  solve::Pool pool;
  repo::IndexOptions quiet;
  const repo::OpenedRepo opened = value_or_throw(repo::open_repository(pool, repo::RepoSource{args.dir, 0}, quiet));
  for (const auto& p : opened.problems) print_warning(p);
  std::vector<solve::PackageInfo> found;
  if (!args.whatprovides.empty()) found = solve::what_provides(pool, args.whatprovides);
  else if (!args.whatrequires.empty()) found = solve::what_requires(pool, args.whatrequires);
  else if (!args.info.empty()) found = solve::packages_named(pool, args.info, solve::Detail::full);
  else found = solve::all_packages(pool);
  if (!args.info.empty() && found.empty())
    throw Failure{bad_input("package " + args.info + " not found in " + args.dir)};

  if (args.json) {
    json list = json::array();
    for (const auto& p : found) list.push_back(info_json(p));
    print_json(list);
  } else if (!args.info.empty()) {
    for (const auto& p : found) print_info(p);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& p : found) rows.push_back({p.nevra, human_size(p.install_size), p.summary});
    print_table(rows, "");
  }
}

}  // namespace

void add_repo_commands(CLI::App& app, RunState&) {
  CLI::App* group = app.add_subcommand("repo", "Index and query a repository of RPMs (or rpm-md metadata)");
  group->require_subcommand(1);

  auto index = std::make_shared<IndexArgs>();
  CLI::App* cmd = group->add_subcommand("index", "Read every RPM of a directory tree into the index cache");
  cmd->add_option("DIR", index->dir, "Repository directory (/tftpboot/rpm style)")->required();
  cmd->add_option("-j,--jobs", index->jobs, "Headers read in parallel (default: number of cores)")->check(CLI::Range(1, 256));
  cmd->add_flag("--repodata", index->repodata, "Also write rpm-md metadata (repodata/)");
  cmd->add_option("--gpg-key", index->gpg_keys, "Index only packages signed by this public key (ASCII-armoured); repeatable")
      ->check(CLI::ExistingFile);
  cmd->add_option("--compression", index->compression, "Compression of the rpm-md files")
      ->check(CLI::IsMember({"gzip", "zstd"}));
  cmd->add_flag("--strict", index->strict, "Fail (exit 2) when a file is not a usable RPM");
  cmd->add_flag("--json", index->json, "Machine-readable output");
  cmd->callback([index] { run_index(*index); });

  auto query = std::make_shared<QueryArgs>();
  cmd = group->add_subcommand("query", "Ask a repository who provides or requires what");
  cmd->add_option("DIR", query->dir, "Repository directory")->required();
  auto* provides = cmd->add_option("--whatprovides", query->whatprovides, "Packages providing CAP (name, 'name >= v', file)");
  auto* requires_ = cmd->add_option("--whatrequires", query->whatrequires, "Packages requiring CAP");
  auto* info = cmd->add_option("--info", query->info, "Everything about the packages named NAME (globs allowed)");
  auto* list = cmd->add_flag("--list", query->list, "Every package (the default)");
  provides->excludes(requires_)->excludes(info)->excludes(list);
  requires_->excludes(info)->excludes(list);
  info->excludes(list);
  cmd->add_flag("--json", query->json, "Machine-readable output");
  cmd->callback([query] { run_query(*query); });
}

}  // namespace ssi::cli
