#include "analysis/sweeps/sweep_runner.hpp"

#include <tbb/parallel_for.h>

#include <cmath>

#include "analysis/summary.hpp"
#include "analysis/sweeps/point_runner.hpp"
#include "models/metrics.hpp"
#include "models/parameters.hpp"

namespace rapport::analysis {
namespace {

std::vector<PreparedPoint> prepare_points(const SweepSpec& spec, const std::filesystem::path& base,
                                          const sim::Matrix& values) {
  std::vector<PreparedPoint> points;
  points.reserve(values.rows);
  for (std::size_t p = 0; p < values.rows; ++p) {
    PointRequest request{base, spec.set_overrides, spec.replicates, spec.seed};
    for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
      request.overrides.push_back(override_for(spec.parameters[j].key, values.at(p, j), spec.parameters[j].integer));
    }
    try {
      points.push_back(prepare_point(request));
    } catch (const sim::ConfigError& e) {
      throw sim::ConfigError(spec.file.string() + ": design point " + std::to_string(p) + " of base " +
                             base.stem().string() + " is not a valid scenario: " + e.what());
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

std::uint64_t sweep_days(const SweepSpec& spec) {
  std::uint64_t days = 0;
  for (const auto& base : spec.base_files) {
    const auto config = sim::resolve_scenario(base, spec.set_overrides, models::parameter_schema());
    days += static_cast<std::uint64_t>(config.integer("run.days"));
  }
  return days * spec.points() * static_cast<std::uint64_t>(spec.replicates);
}

SweepData run_sweep(const SweepSpec& spec, const std::function<void()>& on_day) {
  SweepData sweep;
  sweep.name = spec.name;
  sweep.sweep_toml = spec.toml_text;
  sweep.method = spec.method;
  sweep.samples = spec.samples;
  sweep.levels = spec.levels;
  sweep.replicates = spec.replicates;
  sweep.seed = spec.seed;
  for (const auto& p : spec.parameters) {
    sweep.parameters.push_back(p.key);
    sweep.distributions.push_back(p.distribution);
  }
  const auto design = make_design(spec);
  sweep.design_unit = design.unit;
  sweep.design = design_values(spec, design);
  sweep.outcomes = spec.outcomes;
  const auto ids = outcome_ids(spec.outcomes);
  for (const auto id : ids) {
    sweep.statistics.emplace_back(statistic_name(statistic_for(models::metric_table()[id].reduction)));
  }

  std::vector<std::vector<PreparedPoint>> points;  // [base][point]
  for (const auto& base : spec.base_files) {
    sweep.scenarios.push_back(base.stem().string());
    sweep.base_configs.push_back(
        sim::resolve_scenario(base, spec.set_overrides, models::parameter_schema()).to_toml());
    points.push_back(prepare_points(spec, base, sweep.design));
  }

  const std::size_t n_points = sweep.points(), n_replicates = static_cast<std::size_t>(spec.replicates);
  sweep.values.assign(spec.base_files.size(),
                      std::vector<sim::Matrix>(ids.size(), sim::Matrix{n_points, n_replicates,
                                                                       std::vector<double>(n_points * n_replicates)}));
  const std::size_t runs_per_base = n_points * n_replicates;
  // One task per run, each writing only its own cells: no reduction order to depend on threads.
  tbb::parallel_for(std::size_t{0}, spec.base_files.size() * runs_per_base, [&](std::size_t job) {
    const std::size_t base = job / runs_per_base, point = (job % runs_per_base) / n_replicates,
                      replicate = job % n_replicates;
    const auto statistics =
        replicate_statistics(points[base][point], static_cast<std::uint32_t>(replicate), ids, on_day);
    for (std::size_t o = 0; o < ids.size(); ++o) {
      sweep.values[base][o].values[point * n_replicates + replicate] = statistics[o];
    }
  });
  return sweep;
}

}  // namespace rapport::analysis
