// The plan of `rapport decide` (docs/DECISION.md), shared by the CLI and the Python module's
// rapport.decide(): every PSA run (draw, policy, replicate) through the job farm with a
// journal for --resume, then the deterministic threshold evaluations, the analysis,
// /decisions/<name>/ and the quotable summary.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/decision/decision_analysis.hpp"
#include "analysis/decision/decision_runs.hpp"
#include "app/journaled_runs.hpp"
#include "app/long_command.hpp"

namespace rapport::app {

class DecidePlan : public LongCommand {
 public:
  explicit DecidePlan(const JournaledCommandOptions& options) : options_(options) {}

  void load() override;
  [[nodiscard]] std::vector<std::filesystem::path> inputs() const override { return inputs_; }
  [[nodiscard]] std::uint64_t expected_bytes() const override;
  void prepare(const LongCommandOptions& common) override;
  bool work(const Session& session) override;
  void write(sim::Hdf5File& results, const Session& session) override;
  [[nodiscard]] std::string what_is_kept() const override { return journaled_->what_is_kept(); }
  int finish(const Session& session) override;

  // Once finished: what the analysis read and what it found (written under /decisions/<name>/).
  [[nodiscard]] const analysis::DecisionInputs& analysed() const { return inputs_of_analysis_; }
  [[nodiscard]] const analysis::DecisionResults& results() const { return results_; }

 private:
  // Runs a batch of deterministic evaluations on this process's threads: expected net
  // benefit per point and policy at the headline willingness to pay.
  sim::Matrix evaluate(const sim::Matrix& points, const std::function<void()>& on_day) const;
  void deterministic_analyses(const Session& session);

  const JournaledCommandOptions& options_;
  std::vector<std::filesystem::path> inputs_;
  std::optional<analysis::DecisionRuns> runs_;
  std::optional<JournaledRuns<analysis::DecisionBatch>> journaled_;
  analysis::DecisionInputs inputs_of_analysis_;
  analysis::DecisionResults results_;
};

}  // namespace rapport::app
