#include "analysis/physician_risk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/outcome_rules.hpp"
#include "analysis/statistics.hpp"
#include "analysis/summary.hpp"

namespace rapport::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The count and its exact bounds divided by the exposure; NaN for an exposure that is not > 0.
RateWithInterval per_exposure(double events, const Interval& bounds, double exposure, double scale) {
  if (!(exposure > 0.0)) return {kNaN, kNaN, kNaN};
  return {events / exposure * scale, bounds.low / exposure * scale, bounds.high / exposure * scale};
}

double at_least_one(double rate_per_year, double years) { return -std::expm1(-rate_per_year * years); }

}  // namespace

std::vector<RareEventRisk> physician_risks(const Results& results, double career_years,
                                           const std::vector<std::string>& metrics) {
  if (!(career_years > 0.0)) throw std::invalid_argument("the career length must be > 0 years");
  std::vector<RareEventRisk> risks;
  for (const auto& scenario : results.scenarios) {
    const double replicate_years =
        static_cast<double>(scenario.replicates) * static_cast<double>(scenario.days) / kDaysPerYear;
    const double physician_years =
        scenario.physicians > 0 ? static_cast<double>(scenario.physicians) * replicate_years : kNaN;
    const auto requests_series =
        std::find_if(scenario.metrics.begin(), scenario.metrics.end(), [](const auto& m) { return m.name == "friend_requests"; });
    const double requests = requests_series == scenario.metrics.end() ? kNaN : total_over_replicates(requests_series->values);
    for (const auto& series : scenario.metrics) {
      if (!is_rare_event_count(series.name)) continue;
      if (!metrics.empty() && std::find(metrics.begin(), metrics.end(), series.name) == metrics.end()) continue;
      RareEventRisk risk;
      risk.scenario = scenario.name;
      risk.metric = series.name;
      risk.events = total_over_replicates(series.values);
      risk.replicate_years = replicate_years;
      risk.physician_years = physician_years;
      risk.requests = requests;
      const auto bounds = garwood_interval(risk.events);
      risk.per_replicate_year = per_exposure(risk.events, bounds, replicate_years, 1.0);
      risk.per_1000_physician_years = per_exposure(risk.events, bounds, physician_years, 1000.0);
      risk.per_1000_requests = per_exposure(risk.events, bounds, requests, 1000.0);
      const auto yearly = per_exposure(risk.events, bounds, physician_years, 1.0);
      risk.career_probability = {at_least_one(yearly.value, career_years), at_least_one(yearly.low, career_years),
                                 at_least_one(yearly.high, career_years)};
      risks.push_back(std::move(risk));
    }
  }
  return risks;
}

}  // namespace rapport::analysis
