// `ssi-oscar oscar validate`: OSCAR package descriptions checked against the opkg schema.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "oscar/config_xml_validator.hpp"
#include "recipe/oscar_import.hpp"

namespace ssi::cli {
namespace {
namespace fs = std::filesystem;

struct ValidateArgs {
  std::vector<std::string> paths;
  std::string schema;
  bool json = false;
};

void run_validate(const ValidateArgs& args, RunState& state) {
  std::optional<fs::path> schema;
  if (!args.schema.empty()) schema = args.schema;
  nlohmann::json report = nlohmann::json::array();
  std::size_t invalid = 0;
  for (const auto& path : args.paths) {
    // An OSCAR package tree stands for its config.xml.
    const fs::path file = fs::is_directory(path) ? fs::path(path) / "config.xml" : fs::path(path);
    const auto [format, errors] = value_or_throw(oscar::validate_config_xml(file, schema));
    invalid += !errors.empty();
    if (args.json) {
      report.push_back({{"file", file.string()}, {"format", oscar::format_name(format)}, {"valid", errors.empty()},
                        {"errors", errors}});
    } else if (errors.empty()) {
      std::cout << file.string() << ": valid (" << oscar::format_name(format) << ")\n";
    } else {
      for (const auto& e : errors) std::cerr << e << "\n";
    }
  }
  if (args.json) print_json(report);
  if (invalid) {
    std::cerr << "ssi-oscar: error: " << invalid << " of " << args.paths.size() << " config.xml files are invalid\n";
    state.exit_code = static_cast<int>(ExitCode::bad_input);
  }
}

struct OscarImportArgs {
  std::string tree, recipe_out;
  bool json = false;
};

void run_import(const OscarImportArgs& args) {
  const oscar::ReadPackage read = args.recipe_out.empty() ? value_or_throw(recipe::read_oscar_tree(args.tree))
                                                          : value_or_throw(recipe::import_oscar_tree(args.tree, args.recipe_out));
  const oscar::Opkg& p = read.opkg;
  auto names = [](const std::vector<oscar::PackageRef>& refs) {
    std::vector<std::string> out;
    for (const auto& r : refs) out.push_back(r.name);
    return out;
  };
  if (args.json) {
    print_json({{"name", p.name}, {"format", oscar::format_name(read.format)}, {"version", read.version},
                {"release", read.release}, {"requires", names(p.oscar.requires_)}, {"conflicts", names(p.oscar.conflicts)},
                {"server", names(p.server.requires_)}, {"client", names(p.client.requires_)},
                {"common", names(p.common.requires_)}, {"recipe", args.recipe_out}});
    return;
  }
  print_table({{"Name", p.name}, {"Format", oscar::format_name(read.format)}, {"Version", read.version + "-" + read.release},
               {"Summary", p.summary}, {"Class", p.class_}, {"License", p.license}},
              "");
  auto line = [](const char* label, const std::vector<std::string>& list) {
    if (list.empty()) return;
    std::cout << label << ":";
    for (const auto& n : list) std::cout << " " << n;
    std::cout << "\n";
  };
  line("OSCAR requires", names(p.oscar.requires_));
  line("OSCAR conflicts", names(p.oscar.conflicts));
  line("server packages", names(p.server.requires_));
  line("client packages", names(p.client.requires_));
  line("common packages", names(p.common.requires_));
  if (!args.recipe_out.empty()) std::cout << "recipe written: " << args.recipe_out << "/recipe.toml\n";
}

}  // namespace

void add_oscar_commands(CLI::App& app, RunState& state) {
  CLI::App* group = app.add_subcommand("oscar", "OSCAR package descriptions and trees");
  group->require_subcommand(1);
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = group->add_subcommand("validate", "Check config.xml files (or package trees) against the opkg schema");
  cmd->add_option("PATH", args->paths, "config.xml files or OSCAR package folders")->required();
  cmd->add_option("--schema", args->schema, "Another XML schema to check against (default: the built-in opkg 6.1)");
  cmd->add_flag("--json", args->json, "Machine-readable output");
  cmd->callback([args, &state] { run_validate(*args, state); });

  auto import = std::make_shared<OscarImportArgs>();
  cmd = group->add_subcommand("import", "Read an OSCAR package tree (either config.xml format), optionally into a recipe");
  cmd->add_option("DIR", import->tree, "OSCAR package folder (or its config.xml)")->required();
  cmd->add_option("--recipe-out", import->recipe_out, "Write a recipe folder (recipe.toml, scripts/) here");
  cmd->add_flag("--json", import->json, "Machine-readable output");
  cmd->callback([import] { run_import(*import); });
}

}  // namespace ssi::cli
