// `rapport rerun`: reproduce a results file from the configurations stored in it
// and, with --verify, check that every simulated dataset is bit-identical.
#include <filesystem>
#include <iostream>

#include "analysis/compare_files.hpp"
#include "analysis/results_reader.hpp"
#include "app/commands.hpp"
#include "app/simulation.hpp"
#include "app/version.hpp"
#include "models/metrics.hpp"

namespace rapport::app {
namespace {

bool same_file(const std::string& a, const std::string& b) {
  std::error_code error;
  return std::filesystem::equivalent(a, b, error) && !error;
}

// Each scenario group stores its complete resolved TOML, so resolving it again
// with no file and no overrides gives back the configuration that ran.
std::vector<Scenario> stored_scenarios(const analysis::Results& results) {
  std::vector<Scenario> scenarios;
  for (const auto& stored : results.scenarios) scenarios.push_back(models::scenario_from_text(stored.name, stored.config_toml));
  return scenarios;
}

int verify(const std::string& original, const std::string& reproduction) {
  analysis::FileComparison comparison;
  try {
    const sim::Hdf5File expected(original, sim::Hdf5File::Mode::kReadOnly);
    const sim::Hdf5File actual(reproduction, sim::Hdf5File::Mode::kReadOnly);
    comparison = analysis::compare_scenarios(expected, actual);
  } catch (const sim::Hdf5Error& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  }
  if (comparison.identical()) {
    std::cout << "bit-identical: all " << comparison.datasets_compared << " datasets under /scenarios match "
              << original << '\n';
    return kOk;
  }
  std::cout << "NOT identical: " << comparison.differences.size() << " difference(s) from " << original << ":\n";
  for (const auto& line : comparison.differences) std::cout << "  " << line << '\n';
  return kNotReproduced;
}

}  // namespace

int rerun_command(const RerunOptions& options, const sim::ProcessGroup& group) {
  if (same_file(options.results, options.output)) {
    std::cerr << "rapport: error: -o must name a new file, not the results file being reproduced\n";
    return group.agree(kUsage);  // every early return meets the first agree() of simulate_and_write
  }
  analysis::Results results;
  try {
    results = analysis::load_results(options.results, models::metric_table());
  } catch (const analysis::ResultsFileError& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return group.agree(kOutputError);
  }
  if (results.rapport_version != kVersion) {
    std::cerr << "rapport: warning: " << options.results << " was written by rapport " << results.rapport_version
              << ", this is " << kVersion << "; the reproduction may differ\n";
  }

  SimulationRequest request;
  try {
    request.scenarios = stored_scenarios(results);
  } catch (const sim::ConfigError& e) {
    std::cerr << "rapport: error: stored configuration in " << options.results << ": " << e.what() << '\n';
    return group.agree(kBadInput);
  }
  request.output = options.output;
  request.force = options.force;
  request.threads = options.threads;
  request.quiet = options.quiet;
  request.command_line = options.command_line;
  request.provenance["rerun_of"] = options.results;
  if (const int status = simulate_and_write(request, group); status != kOk) return status;
  return options.verify && group.is_root() ? verify(options.results, options.output) : kOk;
}

}  // namespace rapport::app
