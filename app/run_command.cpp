// `rapport run`: resolve and validate every scenario file, then simulate (simulation.cpp).
#include <iostream>

#include "app/commands.hpp"
#include "app/simulation.hpp"

namespace rapport::app {

namespace {

std::vector<Scenario> load_scenarios(const RunOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.replicates) overrides.push_back("run.replicates=" + std::to_string(*options.replicates));
  if (options.seed) overrides.push_back("run.seed=" + std::to_string(*options.seed));
  if (options.days) overrides.push_back("run.days=" + std::to_string(*options.days));
  return models::load_scenarios(options.scenario_files, overrides);
}

}  // namespace

int run_command(const RunOptions& options, const sim::ProcessGroup& group) {
  SimulationRequest request;
  try {
    request.scenarios = load_scenarios(options);
  } catch (const sim::ConfigError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return group.agree(kBadInput);  // meets the other ranks' first agree() in simulate_and_write
  }
  request.output = options.output;
  request.force = options.force;
  request.threads = options.threads;
  request.quiet = options.quiet;
  request.command_line = options.command_line;
  return simulate_and_write(request, group);
}

}  // namespace rapport::app
