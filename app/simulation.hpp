// The one code path that simulates scenarios and writes a results file, shared
// by `rapport run` (scenarios from TOML files) and `rapport rerun` (scenarios
// from the configurations stored in a results file).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "models/parameters.hpp"
#include "sim/config.hpp"

namespace rapport::app {

struct Scenario {
  sim::ResolvedConfig config;
  models::Parameters params;
};

// Resolves and validates scenario files with overrides, exactly as `run` does (so
// `validate` checks the same): schema, cross-key rules, unique names. Throws sim::ConfigError.
std::vector<Scenario> load_scenario_files(const std::vector<std::string>& files,
                                          const std::vector<std::string>& overrides);

struct SimulationRequest {
  std::vector<Scenario> scenarios;
  std::string output;
  bool force = false;
  int threads = 0;  // 0: all cores
  bool quiet = false;
  std::string command_line;
  std::map<std::string, std::string> provenance;  // extra /provenance attributes
};

// Runs every (scenario, replicate) pair in parallel, each replicate r with the same
// seed in every scenario (common random numbers), and writes the file atomically.
// Returns an ExitCode; prints errors itself.
int simulate_and_write(const SimulationRequest& request);

}  // namespace rapport::app
