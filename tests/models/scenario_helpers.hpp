// Small scenarios for tests: a handful of physicians and patients, built from
// TOML text through the same schema validation as the CLI.
#pragma once

#include <map>
#include <string>

#include "models/model.hpp"
#include "models/parameters.hpp"
#include "sim/config.hpp"

namespace rapport::test {

// Key -> TOML literal (e.g. {"run.days", "30"}, {"network.type", "\"barabasi_albert\""}).
using Overrides = std::map<std::string, std::string>;

inline std::string scenario_text(const Overrides& overrides) {
  Overrides all = {
      {"run.days", "60"},
      {"run.replicates", "1"},
      {"run.seed", "20240601"},
      {"population.physicians", "10"},
      {"population.patients_per_physician", "100"},
      {"network.mean_degree", "8"},
  };
  for (const auto& [key, value] : overrides) all[key] = value;
  std::string text;
  for (const auto& [key, value] : all) text += key + " = " + value + "\n";
  return text;
}

inline models::Parameters make_parameters(const Overrides& overrides = {}) {
  return models::parameters_from(
      sim::resolve_scenario_text("test_scenario", scenario_text(overrides), models::parameter_schema()));
}

// Overrides that switch off every event: no visits, requests, messages, posts or incidents.
inline Overrides no_events() {
  return {
      {"visits.rate_chronic_per_year", "0"},   {"visits.rate_other_per_year", "0"},
      {"requests.rate_per_year", "0"},         {"messages.portal_per_year", "0"},
      {"messages.personal_per_year", "0"},     {"posts.personal_per_week", "0"},
      {"posts.page_per_week", "0"},            {"breaches.boundary_incidents_per_link_year", "0"},
  };
}

inline Overrides merged(Overrides a, const Overrides& b) {
  for (const auto& [key, value] : b) a[key] = value;
  return a;
}

inline double metric(const sim::DailySeries& series, models::MetricId m, std::size_t day) {
  return series.at(static_cast<std::size_t>(m), day);
}

}  // namespace rapport::test
