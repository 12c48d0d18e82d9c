// ssi-oscar: builds SSI-OSCAR cluster distributions. This file only wires the command groups
// together and turns an error into one line on stderr and an exit code.
#include <iostream>

#include "cli/commands.hpp"
#include "util/error.hpp"
#include "util/huge_page_heap.hpp"

int main(int argc, char** argv) {
  ssi::use_huge_page_heap();
  CLI::App app{"ssi-oscar: repositories, dependency resolution and images for SSI-OSCAR clusters"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ssi-oscar 0.1.0");
  ssi::cli::RunState state;
  ssi::cli::add_repo_commands(app, state);
  ssi::cli::add_resolve_command(app, state);
  ssi::cli::add_build_command(app, state);
  ssi::cli::add_oscar_commands(app, state);
  ssi::cli::add_kernel_commands(app, state);
  ssi::cli::add_image_commands(app, state);
  ssi::cli::add_import_commands(app, state);
  ssi::cli::add_cluster_commands(app, state);
  ssi::cli::add_distro_commands(app, state);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ssi::ExitCode::usage);
  } catch (const ssi::Failure& failure) {
    std::string line;
    std::istringstream lines(failure.error.message);
    // Indented lines continue the error above them (a log's tail, a list of what is missing).
    while (std::getline(lines, line))
      std::cerr << (line.starts_with(' ') ? "" : "ssi-oscar: error: ") << line << "\n";
    return static_cast<int>(failure.error.code);
  } catch (const std::exception& e) {
    // A lower layer's error that escaped as an exception (a folder gone under a run): still one line.
    std::cerr << "ssi-oscar: error: " << e.what() << "\n";
    return static_cast<int>(ssi::ExitCode::step_failed);
  }
  return state.exit_code;
}
