// rapport: simulate physicians' social-media policies (see README.md).
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/commands.hpp"
#include "app/version.hpp"

int main(int argc, char** argv) {
  using namespace rapport::app;
  CLI::App cli{"rapport: what physicians' social-media policies do to trust, adherence, workload and breaches"};
  cli.set_version_flag("--version", std::string("rapport ") + kVersion);
  cli.require_subcommand(1);

  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  RunOptions run;
  run.command_line = command_line;
  auto* run_cmd = cli.add_subcommand("run", "run scenarios and write results to an HDF5 file");
  run_cmd->add_option("files", run.scenario_files, "scenario TOML files (name = file stem)")->required()
      ->check(CLI::ExistingFile);
  run_cmd->add_option("-o,--output", run.output, "results file (.h5)")->required();
  run_cmd->add_option("--replicates", run.replicates, "replicates per scenario (overrides run.replicates)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  run_cmd->add_option("--seed", run.seed, "base seed shared by all scenarios (overrides run.seed)")
      ->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--threads", run.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  run_cmd->add_option("--days", run.days, "days to simulate (overrides run.days)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{36500}));
  run_cmd->add_option("--set", run.overrides, "override a parameter: dotted.key=value (repeatable)");
  run_cmd->add_flag("-f,--force", run.force, "replace an existing results file");
  run_cmd->add_flag("-q,--quiet", run.quiet, "print nothing but errors");

  std::vector<std::string> validate_files, validate_overrides;
  auto* validate_cmd = cli.add_subcommand("validate", "check scenario files without running them");
  validate_cmd->add_option("files", validate_files, "scenario TOML files")->required();
  validate_cmd->add_option("--set", validate_overrides, "override a parameter: dotted.key=value (repeatable)");

  auto* policies_cmd = cli.add_subcommand("policies", "list the built-in friend-request policies");
  bool markdown = false;
  auto* parameters_cmd = cli.add_subcommand("parameters", "list every scenario key with default, range and source");
  parameters_cmd->add_flag("--markdown", markdown, "print the table as Markdown (docs/PARAMETERS.md)");
  auto* schedule_cmd = cli.add_subcommand("schedule", "print the phases of a simulated day, in order");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? kOk : kUsage;
  }

  if (*run_cmd) return run_command(run);
  if (*validate_cmd) return validate_command(validate_files, validate_overrides);
  if (*policies_cmd) return policies_command();
  if (*parameters_cmd) return parameters_command(markdown);
  if (*schedule_cmd) return schedule_command();
  return kUsage;
}
