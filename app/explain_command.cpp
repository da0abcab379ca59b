// `rapport explain BASELINE.toml POLICY.toml -o OUT.h5`: which mechanisms decide the
// difference between two policies. Runs both scenarios, then both again with each mechanism
// of models/mechanism_switches.hpp off in turn, all with the same seed (common random
// numbers), into one results file (simulation.cpp), and prints the effect per requester with
// each mechanism off and the mechanism's contribution (analysis/mechanism_attribution.hpp).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "analysis/mechanism_attribution.hpp"
#include "analysis/results_reader.hpp"
#include "analysis/summary_report.hpp"
#include "app/commands.hpp"
#include "app/simulation.hpp"
#include "models/mechanism_switches.hpp"
#include "models/metrics.hpp"

namespace rapport::app {
namespace {

struct ExplainOptions {
  LongCommandOptions common;
  std::string baseline_file, policy_file;
  ScenarioOverrides overrides;
  std::vector<std::string> mechanisms;  // empty: every mechanism
};

std::string without(const std::string& scenario, std::string_view mechanism) {
  return scenario + "_without_" + std::string(mechanism);
}

std::vector<const models::MechanismSwitch*> chosen_mechanisms(const ExplainOptions& options) {
  std::vector<const models::MechanismSwitch*> chosen;
  for (const auto& mechanism : models::mechanism_switches()) {
    if (options.mechanisms.empty() ||
        std::find(options.mechanisms.begin(), options.mechanisms.end(), mechanism.name) != options.mechanisms.end()) {
      chosen.push_back(&mechanism);
    }
  }
  return chosen;
}

// The two scenarios, then each with one mechanism off, named <stem>_without_<mechanism>.
std::vector<Scenario> explain_scenarios(const ExplainOptions& options) {
  const std::vector<std::string> overrides = options.overrides.assignments();
  auto scenarios = models::load_scenarios({options.baseline_file, options.policy_file}, overrides);
  const std::vector<Scenario> both = scenarios;
  for (const auto* mechanism : chosen_mechanisms(options)) {
    std::vector<std::string> switched = overrides;
    switched.insert(switched.end(), mechanism->off.begin(), mechanism->off.end());
    const auto settings = sim::parse_overrides(switched);
    for (const auto& scenario : both) {
      auto off = models::load_scenario(scenario.config.file, settings);
      off.config.name = without(scenario.config.name, mechanism->name);
      models::add_uniquely_named(scenarios, std::move(off));
    }
  }
  return scenarios;
}

class ExplainPlan : public SimulationPlan {
 public:
  explicit ExplainPlan(std::shared_ptr<const ExplainOptions> options)
      : SimulationPlan([options] { return explain_scenarios(*options); },
                       {options->baseline_file, options->policy_file}, options->common.output, options->common.force),
        options_(std::move(options)) {}

  int finish(const Session&) override {
    const auto results = analysis::load_results(options_->common.output, models::metric_table());
    const std::string baseline = std::filesystem::path(options_->baseline_file).stem().string();
    const std::string policy = std::filesystem::path(options_->policy_file).stem().string();
    std::vector<analysis::MechanismPair> pairs;
    for (const auto* mechanism : chosen_mechanisms(*options_)) {
      pairs.push_back({std::string(mechanism->name), without(baseline, mechanism->name), without(policy, mechanism->name)});
    }
    try {
      const auto rows = analysis::attribute_to_mechanisms(results, baseline, policy, pairs);
      std::cout << "Effect per requester of '" << policy << "' against '" << baseline
                << "' with each mechanism off in both (common random numbers); contribution = effect with every "
                   "mechanism on - effect with it off (docs/ANALYSIS.md)\n";
      analysis::print_mechanism_attribution(std::cout, rows);
      std::cout << "\nEvery run is in " << options_->common.output
                << " (rapport summarize --baseline <scenario> reads any pair)\n";
    } catch (const analysis::AnalysisInputError& e) {
      std::cerr << "rapport: error: " << options_->common.output << ": " << e.what() << '\n';
      return kBadInput;
    }
    return kOk;
  }

 private:
  std::shared_ptr<const ExplainOptions> options_;
};

}  // namespace

CommandRunner define_explain(CLI::App& command) {
  auto options = std::make_shared<ExplainOptions>();
  command.add_option("baseline", options->baseline_file, "scenario TOML file to compare with (e.g. decline_all)")
      ->required()->check(CLI::ExistingFile);
  command.add_option("policy", options->policy_file, "scenario TOML file of the policy to explain")
      ->required()->check(CLI::ExistingFile);
  command.add_option("-o,--output", options->common.output, "results file (.h5) holding every run")->required();
  std::vector<std::string> names;
  for (const auto& mechanism : models::mechanism_switches()) names.emplace_back(mechanism.name);
  command.add_option("--mechanisms", options->mechanisms, "switch off only these (comma-separated; default: all)")
      ->delimiter(',')->check(CLI::IsMember(names));
  command.add_option("--replicates", options->overrides.replicates, "replicates per scenario (overrides run.replicates)")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{100000}));
  command.add_option("--seed", options->overrides.seed, "base seed shared by all runs (overrides run.seed)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{9'000'000'000'000'000'000}));
  command.add_option("--days", options->overrides.days, "days to simulate (overrides run.days)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{36500}));
  command.add_option("--set", options->overrides.set, "override a parameter in both: dotted.key=value (repeatable)");
  command.add_option("--threads", options->common.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  command.add_flag("-f,--force", options->common.force, "replace an existing results file");
  command.add_flag("-q,--quiet", options->common.quiet, "print nothing but errors and the attribution");
  return [options](const Invocation& invocation) {
    ExplainPlan plan(options);
    return run_long_command(plan, options->common, invocation);
  };
}

}  // namespace rapport::app
