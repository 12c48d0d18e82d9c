// `ssi-oscar import deb`: Debian binary packages into a repository as RPMs.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "debimport/deb_importer.hpp"

namespace ssi::cli {
namespace {

struct ImportArgs {
  std::vector<std::string> debs;
  std::string repo = "repo";
  unsigned jobs = default_jobs();
  bool json = false;
};

void run_import_deb(const ImportArgs& args) {
  debimport::ImportOptions options;
  options.repo = args.repo;
  options.jobs = args.jobs;
  const auto imported = value_or_throw(debimport::import_debs({args.debs.begin(), args.debs.end()}, options));
  std::size_t converted = 0;
  for (const auto& p : imported) converted += p.up_to_date ? 0 : 1;
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : imported)
      list.push_back({{"package", p.name}, {"deb", p.deb.string()}, {"up_to_date", p.up_to_date}, {"outputs", p.outputs}});
    print_json({{"repository", args.repo}, {"packages", list}});
    return;
  }
  for (const auto& p : imported)
    if (!p.up_to_date)
      for (const auto& o : p.outputs) std::cout << p.name << ": " << args.repo << "/" << o << "\n";
  std::cout << imported.size() << " Debian packages: " << converted << " converted, " << imported.size() - converted
            << " up to date\n";
}

}  // namespace

void add_import_commands(CLI::App& app, RunState&) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* group = app.add_subcommand("import", "Bring packages of other formats into a repository");
  group->require_subcommand(1);
  CLI::App* deb = group->add_subcommand("deb", "Convert Debian binary packages into RPMs");
  deb->add_option("DEB", args->debs, "Debian packages (.deb)")->required()->check(CLI::ExistingFile);
  deb->add_option("--repo", args->repo, "Repository receiving the RPMs (default: repo)");
  deb->add_option("-j,--jobs", args->jobs, "Packages converted side by side")->check(CLI::Range(1, 64));
  deb->add_flag("--json", args->json, "Machine-readable output");
  deb->callback([args] { run_import_deb(*args); });
}

}  // namespace ssi::cli
