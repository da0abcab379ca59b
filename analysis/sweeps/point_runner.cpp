#include "analysis/sweeps/point_runner.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/number_format.hpp"
#include "analysis/summary.hpp"
#include "models/parameters.hpp"
#include "sim/parallel.hpp"

namespace rapport::analysis {

PreparedPoint prepare_point(const PointRequest& request) {
  auto overrides = request.overrides;
  overrides.push_back("run.replicates=" + std::to_string(request.replicates));
  overrides.push_back("run.seed=" + std::to_string(request.seed));
  const auto config = sim::resolve_scenario(request.scenario_file, overrides, models::parameter_schema());
  return {models::Model(models::parameters_from(config)), request.replicates, request.seed};
}

std::vector<std::size_t> outcome_ids(const std::vector<std::string>& outcomes) {
  const auto& table = models::metric_table();
  std::vector<std::size_t> ids;
  for (const auto& name : outcomes) {
    const auto it = std::find_if(table.begin(), table.end(), [&](const auto& m) { return m.name == name; });
    if (it == table.end()) throw sim::ConfigError("unknown outcome '" + name + "' (README, \"HDF5 results\")");
    ids.push_back(static_cast<std::size_t>(it - table.begin()));
  }
  return ids;
}

std::vector<double> replicate_statistics(const PreparedPoint& point, std::uint32_t replicate,
                                         const std::vector<std::size_t>& ids, const std::function<void()>& on_day) {
  const auto run = point.model.run(static_cast<std::uint64_t>(point.seed), replicate, on_day);
  const std::size_t days = run.series.n_days();
  std::vector<double> statistics;
  sim::Matrix series{1, days, std::vector<double>(days)};
  for (const auto id : ids) {
    for (std::size_t t = 0; t < days; ++t) series.values[t] = run.series.at(id, t);
    const auto statistic = statistic_for(models::metric_table()[id].reduction);
    statistics.push_back(per_replicate(series, statistic).front());
  }
  return statistics;
}

PointOutcomes run_point(const PointRequest& request, const std::vector<std::string>& outcomes,
                        const std::function<void()>& on_day) {
  const auto ids = outcome_ids(outcomes);
  const auto point = prepare_point(request);
  const auto n = static_cast<std::size_t>(request.replicates);
  PointOutcomes result{outcomes, std::vector<std::vector<double>>(ids.size(), std::vector<double>(n))};
  sim::parallel_for_index(n, [&](std::size_t r) {
    const auto statistics = replicate_statistics(point, static_cast<std::uint32_t>(r), ids, on_day);
    for (std::size_t o = 0; o < ids.size(); ++o) result.values[o][r] = statistics[o];
  });
  return result;
}

std::string override_for(const std::string& key, double value, bool integer) {
  if (integer) return key + "=" + std::to_string(std::llround(value));
  return key + "=" + round_trip(value);
}

}  // namespace rapport::analysis
