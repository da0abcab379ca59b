#include "analysis/summary.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::analysis {
namespace {

std::string settings_text(const RunSettings& s) {
  return "'" + s.name + "' (" + std::to_string(s.days) + " days, " + std::to_string(s.replicates) + " replicates, seed " +
         std::to_string(s.seed) + ")";
}

RunSettings settings_of(const ScenarioResults& scenario) {
  return {scenario.name, scenario.days, scenario.replicates, scenario.seed};
}

double replicate_years(const ScenarioResults& scenario) {
  return static_cast<double>(scenario.replicates) * static_cast<double>(scenario.days) / kDaysPerYear;
}

// Rare counts: the exact interval of the expected total over all replicates, as a yearly rate.
Interval yearly_rate_interval(const ScenarioResults& scenario, const MetricSeries& series) {
  const auto events = garwood_interval(total_over_replicates(series.values));
  const double years = replicate_years(scenario);
  return {events.low / years, events.high / years};
}

void summarize_across_replicates(MetricSummary& s, const ScenarioResults& scenario, const MetricSeries& series,
                                 const std::vector<double>& values) {
  if (s.statistic != Statistic::kYearlyRate) {
    s.across_replicates = summarize_non_negative(values);
    return;
  }
  s.interval = IntervalMethod::kGarwood;
  s.across_replicates = summarize_sample(values);
  const auto rate = yearly_rate_interval(scenario, series);
  s.across_replicates.ci_low = rate.low;
  s.across_replicates.ci_high = rate.high;
}

void pair_with_baseline(MetricSummary& s, const ScenarioResults& scenario, const MetricSeries& series,
                        const std::vector<double>& values, const ScenarioResults& base) {
  const auto& base_series = base.metric(series.name);
  const auto base_values = per_replicate(base_series.values, s.statistic);
  if (s.statistic != Statistic::kYearlyRate) {
    s.versus_baseline = paired_difference(values, base_values);
  } else {
    s.difference_interval = IntervalMethod::kPairedBootstrap;
    s.versus_baseline = paired_difference_bootstrap(values, base_values, static_cast<std::uint64_t>(scenario.seed));
    // No event in either scenario: the replicates cannot show a difference, but the expected
    // rates of two different configurations can still differ by up to their upper bounds.
    if (scenario.config_toml != base.config_toml && total_over_replicates(series.values) == 0.0 &&
        total_over_replicates(base_series.values) == 0.0) {
      s.difference_interval = IntervalMethod::kGarwoodBounds;
      s.versus_baseline->difference.ci_low = -yearly_rate_interval(base, base_series).high;
      s.versus_baseline->difference.ci_high = yearly_rate_interval(scenario, series).high;
    }
  }
  const auto& d = s.versus_baseline->difference;
  const double mid = s.minimum_important_difference;
  s.below_minimum_important_difference = d.ci_low >= -mid && d.ci_high <= mid;  // false for NaN
}

}  // namespace

std::optional<std::string> run_settings_difference(const std::vector<RunSettings>& scenarios) {
  std::vector<std::string> keys, flags;
  const auto note = [&](bool differs, const char* key, const char* flag) {
    if (!differs) return;
    keys.emplace_back(key);
    flags.emplace_back(flag);
  };
  const auto differs = [&](auto field) {
    return std::any_of(scenarios.begin(), scenarios.end(),
                       [&](const RunSettings& s) { return field(s) != field(scenarios.front()); });
  };
  note(differs([](const RunSettings& s) { return s.days; }), "run.days", "--days");
  note(differs([](const RunSettings& s) { return s.replicates; }), "run.replicates", "--replicates");
  note(differs([](const RunSettings& s) { return s.seed; }), "run.seed", "--seed");
  if (keys.empty()) return std::nullopt;
  const auto joined = [](const std::vector<std::string>& items) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i) text += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
    return text;
  };
  std::vector<std::string> values;
  for (const auto& s : scenarios) values.push_back(settings_text(s));
  return "the scenarios differ in " + joined(keys) + ": " + joined(values) +
         "; `rapport summarize --baseline` pairs only scenarios of equal days and replicates, and only an equal "
         "seed gives common random numbers; pass " + joined(flags) + " to run them alike";
}

std::optional<std::string> pairing_problem(const ScenarioResults& scenario, const ScenarioResults& baseline) {
  if (scenario.days == baseline.days && scenario.replicates == baseline.replicates) return std::nullopt;
  return "cannot pair " + settings_text(settings_of(scenario)) + " with the baseline " +
         settings_text(settings_of(baseline)) +
         ": paired differences need the same days and replicates; run both in one `rapport run` with the same "
         "--days and --replicates (and --seed)";
}

Statistic statistic_for(sim::Reduction reduction) {
  return reduction == sim::Reduction::kCount ? Statistic::kRunTotal : Statistic::kFinalDay;
}

Statistic summary_statistic(const MetricSeries& series) {
  if (is_rare_event_count(series.name)) return Statistic::kYearlyRate;
  const bool per_day = series.units.ends_with("/day");
  return series.reduction == sim::Reduction::kCount || per_day ? Statistic::kDailyMean : Statistic::kFinalDay;
}

std::string_view statistic_name(Statistic statistic) {
  switch (statistic) {
    case Statistic::kFinalDay: return "final_day";
    case Statistic::kRunTotal: return "run_total";
    case Statistic::kDailyMean: return "daily_mean";
    case Statistic::kYearlyRate: return "per_replicate_year";
  }
  return "final_day";
}

std::string_view interval_method_name(IntervalMethod method) {
  switch (method) {
    case IntervalMethod::kStudentT: return "student_t";
    case IntervalMethod::kGarwood: return "garwood";
    case IntervalMethod::kPairedT: return "paired_t";
    case IntervalMethod::kPairedBootstrap: return "paired_bootstrap";
    case IntervalMethod::kGarwoodBounds: return "garwood_bounds";
  }
  return "student_t";
}

std::vector<double> per_replicate(const sim::Matrix& series, Statistic statistic) {
  std::vector<double> values(series.rows, 0.0);
  if (series.cols == 0) return values;
  const auto days = static_cast<double>(series.cols);
  for (std::size_t r = 0; r < series.rows; ++r) {
    if (statistic == Statistic::kFinalDay) {
      values[r] = series.at(r, series.cols - 1);
      continue;
    }
    double total = 0.0;
    for (std::size_t t = 0; t < series.cols; ++t) total += series.at(r, t);
    values[r] = statistic == Statistic::kRunTotal    ? total
                : statistic == Statistic::kDailyMean ? total / days
                                                      : total * kDaysPerYear / days;
  }
  return values;
}

double total_over_replicates(const sim::Matrix& series) {
  double total = 0.0;
  for (const double v : per_replicate(series, Statistic::kRunTotal)) total += v;
  return total;
}

std::vector<MetricSummary> summarize(const Results& results, const std::optional<std::string>& baseline,
                                     const std::vector<std::string>& metrics, const MidOverrides& mid_overrides) {
  const ScenarioResults* base = baseline ? &results.scenario(*baseline) : nullptr;
  std::vector<std::string> names = metrics;
  if (names.empty()) {
    for (const auto& m : results.scenarios.front().metrics) names.push_back(m.name);
  }
  std::vector<MetricSummary> summaries;
  for (const auto& scenario : results.scenarios) {
    if (base) {
      if (const auto problem = pairing_problem(scenario, *base)) throw AnalysisInputError(*problem);
    }
    for (const auto& name : names) {
      const auto& series = scenario.metric(name);
      MetricSummary s;
      s.scenario = scenario.name;
      s.metric = name;
      s.statistic = summary_statistic(series);
      s.minimum_important_difference =
          minimum_important_difference(name, static_cast<double>(scenario.physicians),
                                       static_cast<double>(scenario.days), mid_overrides);
      const auto values = per_replicate(series.values, s.statistic);
      summarize_across_replicates(s, scenario, series, values);
      if (base) pair_with_baseline(s, scenario, series, values, *base);
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
    const auto s = summarize_non_negative(day_values);
    band.mean.push_back(s.mean);
    band.low.push_back(s.ci_low);
    band.high.push_back(s.ci_high);
  }
  return band;
}

}  // namespace rapport::analysis
