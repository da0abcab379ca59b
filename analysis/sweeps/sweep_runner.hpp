// A sweep resolved into its runs: every (base scenario, design point, replicate), numbered
// base-major, then point, then replicate. Each run reduces to one statistic per outcome,
// and each result has its own cells in the sweep data, so the data do not depend on which
// thread or process ran what, or in which order (app/sweep_command.cpp distributes them).
// Every point runs with the sweep's seed, so replicate r shares its random streams across
// points and bases (common random numbers).
#pragma once

#include <functional>
#include <span>

#include "analysis/sensitivity/sweep_data.hpp"
#include "analysis/sweeps/point_runner.hpp"
#include "analysis/sweeps/sweep_file.hpp"

namespace rapport::analysis {

// The design in parameter values, each value rounded as it will be simulated.
sim::Matrix design_values(const SweepSpec& spec, const UnitDesign& design);

class SweepRuns {
 public:
  // Resolves every point first, so a point that breaks a model constraint (e.g. shares
  // that no longer sum to 1) stops the sweep before anything runs; sim::ConfigError names it.
  explicit SweepRuns(const SweepSpec& spec);

  [[nodiscard]] std::size_t size() const { return points_.size() * runs_per_base_; }
  [[nodiscard]] std::uint64_t days(std::size_t run) const;
  [[nodiscard]] std::uint64_t total_days() const;

  // Outcome statistics of one run; thread-safe. on_day is called after every simulated
  // day (progress, stop requests) and may throw to abandon the run.
  [[nodiscard]] std::vector<double> run(std::size_t run, const std::function<void()>& on_day = {}) const;
  // Stores a run's statistics in its cells; the data are complete once every run is stored.
  void store(std::size_t run, std::span<const double> statistics);
  [[nodiscard]] const SweepData& data() const { return data_; }

 private:
  SweepData data_;
  std::vector<std::size_t> outcome_ids_;
  std::vector<std::vector<PreparedPoint>> points_;  // [base][point]
  std::size_t runs_per_base_ = 0;
};

}  // namespace rapport::analysis
