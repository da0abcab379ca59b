#include "analysis/summary.hpp"

namespace rapport::analysis {
namespace {

void check_pairable(const ScenarioResults& scenario, const ScenarioResults& baseline) {
  if (scenario.days != baseline.days || scenario.replicates != baseline.replicates) {
    throw AnalysisInputError("cannot pair '" + scenario.name + "' with baseline '" + baseline.name +
                             "': they differ in days or replicates");
  }
}

}  // namespace

Statistic statistic_for(sim::Reduction reduction) {
  return reduction == sim::Reduction::kCount ? Statistic::kRunTotal : Statistic::kFinalDay;
}

std::string_view statistic_name(Statistic statistic) {
  return statistic == Statistic::kRunTotal ? "run_total" : "final_day";
}

std::vector<double> per_replicate(const sim::Matrix& series, Statistic statistic) {
  std::vector<double> values(series.rows, 0.0);
  if (series.cols == 0) return values;
  for (std::size_t r = 0; r < series.rows; ++r) {
    if (statistic == Statistic::kFinalDay) {
      values[r] = series.at(r, series.cols - 1);
    } else {
      for (std::size_t t = 0; t < series.cols; ++t) values[r] += series.at(r, t);
    }
  }
  return values;
}

std::vector<MetricSummary> summarize(const Results& results, const std::optional<std::string>& baseline,
                                     const std::vector<std::string>& metrics) {
  const ScenarioResults* base = baseline ? &results.scenario(*baseline) : nullptr;
  std::vector<std::string> names = metrics;
  if (names.empty()) {
    for (const auto& m : results.scenarios.front().metrics) names.push_back(m.name);
  }
  std::vector<MetricSummary> summaries;
  for (const auto& scenario : results.scenarios) {
    if (base) check_pairable(scenario, *base);
    for (const auto& name : names) {
      const auto& series = scenario.metric(name);
      MetricSummary s{scenario.name, name, statistic_for(series.reduction), {}, std::nullopt};
      const auto values = per_replicate(series.values, s.statistic);
      s.across_replicates = summarize_sample(values);
      if (base) s.versus_baseline = paired_difference(values, per_replicate(base->metric(name).values, s.statistic));
      summaries.push_back(std::move(s));
    }
  }
  return summaries;
}

DailyBand daily_band(const sim::Matrix& series) {
  DailyBand band;
  std::vector<double> day_values(series.rows);
  for (std::size_t t = 0; t < series.cols; ++t) {
    for (std::size_t r = 0; r < series.rows; ++r) day_values[r] = series.at(r, t);
    const auto s = summarize_sample(day_values);
    band.mean.push_back(s.mean);
    band.low.push_back(s.ci_low);
    band.high.push_back(s.ci_high);
  }
  return band;
}

}  // namespace rapport::analysis
