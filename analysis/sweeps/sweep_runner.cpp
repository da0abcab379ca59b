#include "analysis/sweeps/sweep_runner.hpp"

#include <cmath>

#include "analysis/summary.hpp"
#include "models/metrics.hpp"
#include "models/parameters.hpp"

namespace rapport::analysis {
namespace {

std::vector<PreparedPoint> prepare_points(const SweepSpec& spec, std::size_t base, const sim::Matrix& values) {
  const PointMaker maker(spec.bases[base], spec.set, point_keys(spec));
  std::vector<PreparedPoint> points;
  points.reserve(values.rows);
  for (std::size_t p = 0; p < values.rows; ++p) {
    try {
      const auto at_point = point_values(spec, std::span(values.values).subspan(p * values.cols, values.cols));
      points.push_back(maker.prepare(at_point, spec.replicates, spec.seed));
    } catch (const sim::ConfigError& e) {
      throw sim::ConfigError(spec.file.string() + ": design point " + std::to_string(p) + " of base " +
                             spec.bases[base].config.name + " is not a valid scenario: " + e.what());
    }
  }
  return points;
}

}  // namespace

sim::Matrix design_values(const SweepSpec& spec, const UnitDesign& design) {
  sim::Matrix values = design.unit;
  for (std::size_t p = 0; p < values.rows; ++p) {
    for (std::size_t j = 0; j < values.cols; ++j) {
      double& x = values.values[p * values.cols + j];
      x = spec.parameters[j].distribution.value_at(x);
      if (spec.parameters[j].integer) x = static_cast<double>(std::llround(x));
    }
  }
  return values;
}

SweepRuns::SweepRuns(const SweepSpec& spec) {
  data_.name = spec.name;
  data_.sweep_toml = spec.toml_text;
  data_.method = spec.method;
  data_.samples = spec.samples;
  data_.levels = spec.levels;
  data_.replicates = spec.replicates;
  data_.seed = spec.seed;
  for (const auto& p : spec.parameters) {
    data_.parameters.push_back(p.key);
    data_.distributions.push_back(p.distribution);
  }
  const auto design = make_design(spec);
  data_.design_unit = design.unit;
  data_.design = design_values(spec, design);
  data_.outcomes = spec.outcomes;
  outcome_ids_ = outcome_ids(spec.outcomes);
  for (const auto id : outcome_ids_) {
    data_.statistics.emplace_back(statistic_name(statistic_for(models::metric_table()[id].reduction)));
  }
  for (std::size_t base = 0; base < spec.bases.size(); ++base) {
    data_.scenarios.push_back(spec.bases[base].config.name);
    data_.base_configs.push_back(spec.bases[base].config.to_toml());
    points_.push_back(prepare_points(spec, base, data_.design));
  }
  const std::size_t n_points = data_.points(), n_replicates = static_cast<std::size_t>(spec.replicates);
  runs_per_base_ = n_points * n_replicates;
  data_.values.assign(points_.size(), std::vector<sim::Matrix>(outcome_ids_.size(),
                                                               sim::Matrix{n_points, n_replicates,
                                                                           std::vector<double>(runs_per_base_)}));
}

std::uint64_t SweepRuns::days(std::size_t run) const {
  return static_cast<std::uint64_t>(points_[run / runs_per_base_].front().model.parameters().run.days);
}

std::uint64_t SweepRuns::total_days() const {
  std::uint64_t days = 0;
  for (std::size_t base = 0; base < points_.size(); ++base) days += this->days(base * runs_per_base_) * runs_per_base_;
  return days;
}

std::vector<double> SweepRuns::run(std::size_t run, const std::function<void()>& on_day) const {
  const std::size_t n_replicates = static_cast<std::size_t>(data_.replicates);
  const std::size_t base = run / runs_per_base_, point = (run % runs_per_base_) / n_replicates,
                    replicate = run % n_replicates;
  return replicate_statistics(points_[base][point], static_cast<std::uint32_t>(replicate), outcome_ids_, on_day);
}

void SweepRuns::store(std::size_t run, std::span<const double> statistics) {
  const std::size_t base = run / runs_per_base_, cell = run % runs_per_base_;
  for (std::size_t o = 0; o < outcome_ids_.size(); ++o) data_.values[base][o].values[cell] = statistics[o];
}

}  // namespace rapport::analysis
