// `rapport rerun`: reproduce a results or sweep file from the configurations stored in it
// and, with --verify, check that every simulated dataset is bit-identical.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "analysis/compare_files.hpp"
#include "analysis/results_reader.hpp"
#include "app/commands.hpp"
#include "app/simulation.hpp"
#include "app/version.hpp"
#include "models/metrics.hpp"
#include "sim/hdf5_file.hpp"

namespace rapport::app {
namespace {

struct RerunOptions {
  LongCommandOptions common;
  std::string results;
  bool verify = false;
};

// Each scenario group stores its complete resolved TOML, so resolving it again
// with no file and no overrides gives back the configuration that ran.
std::vector<Scenario> stored_scenarios(const std::string& path) {
  const auto results = analysis::load_results(path, models::metric_table());
  if (results.rapport_version != kVersion) {
    std::cerr << "rapport: warning: " << path << " was written by rapport " << results.rapport_version
              << ", this is " << kVersion << "; the reproduction may differ\n";
  }
  std::vector<Scenario> scenarios;
  try {
    for (const auto& stored : results.scenarios) scenarios.push_back(models::scenario_from_text(stored.name, stored.config_toml));
  } catch (const sim::ConfigError& e) {
    throw CommandError(kBadInput, "stored configuration in " + path + ": " + e.what());
  }
  return scenarios;
}

// A file of `rapport sweep` rather than of `run`; any error is left to the reader that follows.
bool is_sweep_file(const std::string& path) {
  try {
    analysis::read_first_in_a_separate_process(path, [&] {
      const sim::Hdf5File file(path, sim::Hdf5File::Mode::kReadOnly);
      (void)file.exists("/scenarios");
      (void)file.exists("/sweeps");
    });
    const sim::Hdf5File file(path, sim::Hdf5File::Mode::kReadOnly);
    return file.exists("/sweeps") && !file.exists("/scenarios");
  } catch (const std::exception&) {
    return false;
  }
}

// The simulation of `run`, from the stored configurations, then the verification.
class RerunPlan : public SimulationPlan {
 public:
  explicit RerunPlan(const RerunOptions& options)
      : SimulationPlan([path = options.results] { return stored_scenarios(path); }, {options.results},
                       options.common.output, options.common.force),
        options_(options) {}
  [[nodiscard]] std::map<std::string, std::string> provenance() const override {
    return {{"rerun_of", options_.results}};
  }
  int finish(const Session& session) override {
    SimulationPlan::finish(session);
    return options_.verify ? verify_reproduction(options_.results, options_.common.output, "/scenarios") : kOk;
  }

 private:
  const RerunOptions& options_;
};

}  // namespace

int verify_reproduction(const std::string& original, const std::string& reproduction, const std::string& group) {
  analysis::FileComparison comparison;
  try {
    const sim::Hdf5File expected(original, sim::Hdf5File::Mode::kReadOnly);
    const sim::Hdf5File actual(reproduction, sim::Hdf5File::Mode::kReadOnly);
    comparison = analysis::compare_group(expected, actual, group);
  } catch (const sim::Hdf5Error& e) {
    std::cerr << "rapport: error: " << e.what() << '\n';
    return kOutputError;
  }
  if (comparison.identical()) {
    std::cout << "bit-identical: all " << comparison.datasets_compared << " datasets under " << group << " match "
              << original << '\n';
    return kOk;
  }
  std::cout << "NOT identical: " << comparison.differences.size() << " difference(s) from " << original << ":\n";
  for (const auto& line : comparison.differences) std::cout << "  " << line << '\n';
  return kNotReproduced;
}

CommandRunner define_rerun(CLI::App& command) {
  auto options = std::make_shared<RerunOptions>();
  command.add_option("results", options->results, "results or sweep file to reproduce")->required();
  command.add_option("-o,--output", options->common.output, "new results file (.h5)")->required();
  command.add_flag("--verify", options->verify,
                   "compare every dataset under /scenarios (or /sweeps) with the original, bit for bit (exit 6 if any differs)");
  command.add_option("--threads", options->common.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  command.add_flag("-f,--force", options->common.force, "replace an existing output file");
  command.add_flag("-q,--quiet", options->common.quiet, "print nothing but errors and the verification");
  return [options](const Invocation& invocation) {
    if (is_sweep_file(options->results)) return rerun_sweep(options->results, options->common, options->verify, invocation);
    RerunPlan plan(*options);
    return run_long_command(plan, options->common, invocation);
  };
}

}  // namespace rapport::app
