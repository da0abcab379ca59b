// The runs of a decision: every (draw, policy, replicate) of the PSA, and batches of
// deterministic evaluations (point, policy, replicate) for threshold analysis. Every run
// uses the decision's seed; PSA draw d runs replicates d R .. d R + R - 1, so the policies of
// one draw share their random streams (common random numbers) and draws differ, while each
// deterministic evaluation runs replicates 0 .. R - 1 at every point and policy. Results
// never depend on where or in which order runs ran: each has its own cells.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "analysis/decision/decision_file.hpp"
#include "analysis/sweeps/point_runner.hpp"

namespace rapport::analysis {

// A run's contribution to the decision, one total per DecisionOutcome (docs/DECISION.md).
std::vector<double> decision_outcomes(const models::RunResult& run, const models::Parameters& parameters);

// Prepared points of every policy at a batch of parameter values, run replicate by replicate.
class DecisionBatch {
 public:
  // points [n, parameters]; replicate r of run (i, p, r) is replicate_offset(i) + r.
  DecisionBatch(const std::vector<PointMaker>& policies, const sim::Matrix& points, std::int64_t replicates,
                std::int64_t seed, std::function<std::int64_t(std::size_t point)> replicate_offset);

  [[nodiscard]] std::size_t size() const { return points_.size() * static_cast<std::size_t>(replicates_); }
  [[nodiscard]] std::uint64_t days(std::size_t run) const;
  // Thread-safe; on_day may throw to abandon the run.
  [[nodiscard]] std::vector<double> run(std::size_t run, const std::function<void()>& on_day = {}) const;
  void store(std::size_t run, std::span<const double> outcomes);
  // [points, policies, outcomes], the mean over replicates; complete once every run is stored.
  [[nodiscard]] std::vector<double> outcomes() const;

 private:
  std::size_t policies_ = 0;
  std::int64_t replicates_ = 1;
  std::int64_t seed_ = 0;
  std::vector<PreparedPoint> points_;  // [point, policy]
  std::vector<std::int64_t> offsets_;  // per point
  std::vector<double> totals_;         // [point, policy, outcome], summed over replicates
};

class DecisionRuns {
 public:
  // Draws the PSA sample and prepares every (draw, policy) before anything runs, so a draw
  // that breaks a model rule stops the decision with a sim::ConfigError naming it.
  explicit DecisionRuns(DecisionSpec spec);

  [[nodiscard]] const DecisionSpec& spec() const { return spec_; }
  [[nodiscard]] const sim::Matrix& parameter_draws() const { return draws_; }
  [[nodiscard]] DecisionBatch& psa() { return psa_; }
  [[nodiscard]] const DecisionBatch& psa() const { return psa_; }
  // Every policy at `points` with the deterministic replicates.
  [[nodiscard]] DecisionBatch evaluation(const sim::Matrix& points) const;
  // Expected net benefit at the headline willingness to pay, [points, policies], from a batch's outcomes.
  [[nodiscard]] sim::Matrix expected_net_benefit(std::span<const double> outcomes, std::size_t points) const;
  // The base case: every parameter at its distribution's mean.
  [[nodiscard]] std::vector<double> base() const;

 private:
  DecisionSpec spec_;
  std::vector<PointMaker> makers_;  // per policy
  sim::Matrix draws_;
  DecisionBatch psa_;
};

// The inputs of analyse_decision() from a finished PSA (deterministic parts left empty).
DecisionInputs decision_inputs(const DecisionRuns& runs);

}  // namespace rapport::analysis
