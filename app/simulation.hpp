// The plan shared by `rapport run` (scenarios from TOML files) and `rapport rerun`
// (scenarios from the configurations stored in a results file): simulate every
// (scenario, replicate) and write /scenarios/<name>.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/long_command.hpp"
#include "models/model.hpp"
#include "models/scenario.hpp"

namespace rapport::app {

using models::Scenario;  // models/scenario.hpp: the one path from a scenario file to a model

// Runs every (scenario, replicate) pair over the threads and processes, each replicate r
// with the same seed in every scenario (common random numbers), and prints a short summary.
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
  void check_memory(int threads, std::size_t jobs) const;

  std::function<std::vector<Scenario>()> load_scenarios_;
  std::vector<std::filesystem::path> inputs_;
  std::string output_;
  bool force_;
  std::vector<Scenario> scenarios_;
  std::vector<std::vector<models::RunResult>> results_;  // [scenario][replicate]
};

}  // namespace rapport::app
