// The plan of `rapport sweep` (docs/SENSITIVITY.md), shared by the CLI, `rapport rerun` of a
// sweep file and the Python module's rapport.sweep(): every (base, point, replicate) over the
// threads (and, in an MPI build, the processes), each finished run journaled, /sweeps/<name>/
// written atomically (resuming and clusters: docs/CLUSTER.md).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/sweeps/sweep_runner.hpp"
#include "app/journaled_runs.hpp"
#include "app/long_command.hpp"

namespace rapport::app {

class SweepPlan : public LongCommand {
 public:
  // `rerun_of`: the sweep file to reproduce from what it stores, instead of the sweep file
  // options.input_file.
  explicit SweepPlan(const JournaledCommandOptions& options, std::optional<std::string> rerun_of = std::nullopt)
      : options_(options), rerun_of_(std::move(rerun_of)) {}

  void load() override;
  [[nodiscard]] std::map<std::string, std::string> provenance() const override;
  [[nodiscard]] std::vector<std::filesystem::path> inputs() const override { return inputs_; }
  [[nodiscard]] std::uint64_t expected_bytes() const override;
  void prepare(const LongCommandOptions& common) override;
  bool work(const Session& session) override;
  void write(sim::Hdf5File& results, const Session& session) override;
  [[nodiscard]] std::string what_is_kept() const override { return journaled_->what_is_kept(); }
  int finish(const Session& session) override;

  // What was run (and, once finished, its outcomes).
  [[nodiscard]] const analysis::SweepData& data() const { return runs_->data(); }

 private:
  const JournaledCommandOptions& options_;
  std::optional<std::string> rerun_of_;
  std::vector<std::filesystem::path> inputs_;
  std::optional<analysis::SweepRuns> runs_;
  std::optional<JournaledRuns<analysis::SweepRuns>> journaled_;
};

}  // namespace rapport::app
