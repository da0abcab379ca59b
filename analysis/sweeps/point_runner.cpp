#include "analysis/sweeps/point_runner.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/summary.hpp"
#include "models/parameters.hpp"
#include "sim/matrix.hpp"

namespace rapport::analysis {
namespace {

// run.replicates and run.seed come first among the setter's keys.
constexpr std::size_t kRunKeys = 2;

std::vector<std::string> setter_keys(const std::vector<std::string>& keys) {
  std::vector<std::string> all = {"run.replicates", "run.seed"};
  all.insert(all.end(), keys.begin(), keys.end());
  return all;
}

}  // namespace

PointMaker::PointMaker(const models::Scenario& base, const sim::Settings& base_overrides,
                       const std::vector<std::string>& keys)
    : setter_(base, base_overrides, setter_keys(keys)) {
  const auto& schema = models::parameter_schema();
  for (const auto& key : keys) integer_.push_back(schema.find(key)->kind == sim::ValueKind::kInteger);
}

PreparedPoint PointMaker::prepare(std::span<const double> values, std::int64_t replicates, std::int64_t seed) const {
  std::vector<sim::ParameterValue> typed = {replicates, seed};
  typed.reserve(kRunKeys + values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    // + 0.0 turns -0.0 into 0.0, as the decimal text points used to be read back.
    if (integer_[i]) typed.emplace_back(static_cast<std::int64_t>(std::llround(values[i])));
    else typed.emplace_back(values[i] + 0.0);
  }
  return {models::Model(setter_.at(typed)), replicates, seed};
}

const sim::ParameterSpec& varied_parameter(const std::string& key, const std::string& where, std::string_view as_what,
                                           std::string_view runs_set_by) {
  const auto& schema = models::parameter_schema();
  const auto* spec = schema.find(key);
  if (!spec) {
    const std::string hint = sim::did_you_mean(key, schema.keys());
    throw sim::input_error(where, key, "not a model parameter; " + (hint.empty() ? "" : hint + " ") +
                                           "(`rapport parameters` lists every key)");
  }
  if (spec->kind != sim::ValueKind::kReal && spec->kind != sim::ValueKind::kInteger) {
    throw sim::input_error(where, key, "not numeric, so it cannot be " + std::string(as_what) + " (set it in [set] instead)");
  }
  if (key.starts_with("run.")) {
    throw sim::input_error(where, key, "cannot be " + std::string(as_what) + ": " + std::string(runs_set_by) +
                                           " set the runs; put run.days in [set]");
  }
  return *spec;
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

}  // namespace rapport::analysis
