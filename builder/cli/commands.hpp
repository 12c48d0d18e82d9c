#pragma once
// Each command group adds its subcommands to the app. Commands are thin: parse, call the
// library, print. Errors travel as ssi::Failure to main's single catch.
#include <CLI/CLI.hpp>

namespace ssi::cli {

struct RunState {
  int exit_code = 0;  // set by a command that finished but must not report success (exit 3)
};

void add_repo_commands(CLI::App& app, RunState& state);
void add_resolve_command(CLI::App& app, RunState& state);
void add_build_command(CLI::App& app, RunState& state);
void add_oscar_commands(CLI::App& app, RunState& state);
void add_kernel_commands(CLI::App& app, RunState& state);
void add_image_commands(CLI::App& app, RunState& state);
void add_import_commands(CLI::App& app, RunState& state);
void add_cluster_commands(CLI::App& app, RunState& state);
void add_distro_commands(CLI::App& app, RunState& state);

}  // namespace ssi::cli
