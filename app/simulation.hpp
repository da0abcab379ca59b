// The plan shared by `rapport run` (scenarios from TOML files) and `rapport rerun`
// (scenarios from the configurations stored in a results file): simulate every
// (scenario, replicate) and write /scenarios/<name>.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/long_command.hpp"
#include "models/model.hpp"
#include "models/scenario.hpp"

namespace rapport::app {

using models::Scenario;  // models/scenario.hpp: the one path from a scenario file to a model

// The command-line overrides of the scenarios a command simulates (`run`, `explain`):
// --replicates, --seed and --days for the run.* keys, then --set assignments.
struct ScenarioOverrides {
  std::optional<std::int64_t> replicates, seed, days;
  std::vector<std::string> set;  // dotted.key=value

  // As dotted.key=value assignments for models::load_scenarios.
  [[nodiscard]] std::vector<std::string> assignments() const;
};

// Every replicate of every scenario: [scenario][replicate].
using ScenarioRuns = std::vector<std::vector<models::RunResult>>;

// The simulation of `rapport run` and of the Python module's rapport.run(): every
// (scenario, replicate) pair over the session's threads and processes, each replicate r
// with the same seed in every scenario (common random numbers). First refuses (CommandError)
// a run the machine cannot hold. std::nullopt when a stop request ended it early (and on
// every process but the root, which alone collects the results).
std::optional<ScenarioRuns> simulate(const std::vector<Scenario>& scenarios, const Session& session);
// About how many bytes the results file of `scenarios` takes (LongCommand::expected_bytes).
std::uint64_t expected_results_bytes(const std::vector<Scenario>& scenarios);
// /scenarios/<name> of every scenario.
void write_scenarios(sim::Hdf5File& file, const std::vector<Scenario>& scenarios, const ScenarioRuns& runs);

// Runs every (scenario, replicate) pair (simulate()) and prints a short summary.
class SimulationPlan : public LongCommand {
 public:
  // `load_scenarios` reads the scenarios on every process; `inputs` are the files it reads.
  SimulationPlan(std::function<std::vector<Scenario>()> load_scenarios, std::vector<std::filesystem::path> inputs,
                 std::string output, bool force);
  void load() override;
  [[nodiscard]] std::vector<std::filesystem::path> inputs() const override { return inputs_; }
  [[nodiscard]] std::uint64_t expected_bytes() const override;
  bool work(const Session& session) override;
  void write(sim::Hdf5File& results, const Session& session) override;
  [[nodiscard]] std::string what_is_kept() const override;
  int finish(const Session& session) override;

 private:
  std::function<std::vector<Scenario>()> load_scenarios_;
  std::vector<std::filesystem::path> inputs_;
  std::string output_;
  bool force_;
  std::vector<Scenario> scenarios_;
  ScenarioRuns results_;
};

}  // namespace rapport::app
