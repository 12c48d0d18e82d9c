// `ssi-oscar oscar validate`: OSCAR package descriptions checked against the opkg schema.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "oscar/config_xml_validator.hpp"

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
}

}  // namespace ssi::cli
