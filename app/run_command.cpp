// `rapport run`: resolve and validate every scenario file, then simulate (simulation.cpp).
#include <CLI/CLI.hpp>

#include <memory>

#include "app/commands.hpp"
#include "app/simulation.hpp"

namespace rapport::app {

namespace {

struct RunOptions {
  LongCommandOptions common;
  std::vector<std::string> scenario_files;
  ScenarioOverrides overrides;
};

}  // namespace

CommandRunner define_run(CLI::App& command) {
  auto options = std::make_shared<RunOptions>();
  command.add_option("files", options->scenario_files, "scenario TOML files (name = file stem)")->required()
      ->check(CLI::ExistingFile);
  command.add_option("-o,--output", options->common.output, "results file (.h5)")->required();
  command.add_option("--replicates", options->overrides.replicates, "replicates per scenario (overrides run.replicates)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  command.add_option("--seed", options->overrides.seed, "base seed shared by all scenarios (overrides run.seed)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{9'000'000'000'000'000'000}));
  command.add_option("--threads", options->common.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  command.add_option("--days", options->overrides.days, "days to simulate (overrides run.days)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{36500}));
  command.add_option("--set", options->overrides.set, "override a parameter: dotted.key=value (repeatable)");
  command.add_flag("-f,--force", options->common.force, "replace an existing results file");
  command.add_flag("-q,--quiet", options->common.quiet, "print nothing but errors");
  return [options](const Invocation& invocation) {
    SimulationPlan plan([options] { return models::load_scenarios(options->scenario_files, options->overrides.assignments()); },
                        {options->scenario_files.begin(), options->scenario_files.end()}, options->common.output,
                        options->common.force);
    return run_long_command(plan, options->common, invocation);
  };
}

}  // namespace rapport::app
