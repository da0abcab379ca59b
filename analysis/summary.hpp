// Per scenario and metric: one statistic per replicate, summarised across replicates with
// an interval right for it, optionally paired against a baseline scenario and judged
// against the metric's minimum important difference; and per-day bands.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/outcome_rules.hpp"
#include "analysis/results_reader.hpp"
#include "analysis/statistics.hpp"

namespace rapport::analysis {

// What one replicate contributes: the final-day value of a level or running total, the
// total over the run of a daily count (what sweeps store), the mean per day over the run
// of a daily flow, or events per replicate-year of a rare event count.
enum class Statistic { kFinalDay, kRunTotal, kDailyMean, kYearlyRate };

// The statistic a sweep stores per replicate: final_day for levels and running totals,
// run_total for daily counts.
Statistic statistic_for(sim::Reduction reduction);
// The statistic `summarize` reports: per_replicate_year for rare event counts, daily_mean
// for other daily flows (a count, or a quantity whose unit is per day, such as minutes/day),
// final_day for levels and running totals.
Statistic summary_statistic(const MetricSeries& series);
// "final_day", "run_total", "daily_mean", "per_replicate_year".
std::string_view statistic_name(Statistic statistic);

// One value per replicate (row of `series`).
std::vector<double> per_replicate(const sim::Matrix& series, Statistic statistic);
// The sum of every replicate's run total: the event count of a daily count over the whole file.
double total_over_replicates(const sim::Matrix& series);

enum class IntervalMethod { kStudentT, kGarwood, kPairedT, kPairedBootstrap, kGarwoodBounds };
// "student_t", "garwood", "paired_t", "paired_bootstrap", "garwood_bounds".
std::string_view interval_method_name(IntervalMethod method);

struct MetricSummary {
  std::string scenario;
  std::string metric;
  Statistic statistic = Statistic::kFinalDay;
  IntervalMethod interval = IntervalMethod::kStudentT;
  SampleSummary across_replicates;
  double minimum_important_difference = 0.0;        // in the units of `statistic`; NaN when undefined
  std::optional<PairedDifference> versus_baseline;  // set when a baseline was requested
  IntervalMethod difference_interval = IntervalMethod::kPairedT;
  // The whole interval of the difference lies inside +/- the minimum important difference.
  bool below_minimum_important_difference = false;
};

// The run settings that decide whether scenarios can be paired replicate by replicate.
struct RunSettings {
  std::string name;
  std::int64_t days = 0;
  std::int64_t replicates = 0;
  std::int64_t seed = 0;
};
// Nothing when every scenario has the same run.days, run.replicates and run.seed;
// otherwise which differ, every scenario's values, what that costs and the flags that align them.
std::optional<std::string> run_settings_difference(const std::vector<RunSettings>& scenarios);
// Nothing when `scenario` can be paired with `baseline` (same days and replicates); otherwise
// both scenarios' values and how to rerun them so that they can be.
std::optional<std::string> pairing_problem(const ScenarioResults& scenario, const ScenarioResults& baseline);

// Every scenario x every metric (or only `metrics` when not empty), scenario-major
// in name order. With a baseline, scenarios are paired with it by replicate index;
// throws AnalysisInputError for an unknown name or when days or replicate counts differ.
std::vector<MetricSummary> summarize(const Results& results, const std::optional<std::string>& baseline,
                                     const std::vector<std::string>& metrics = {},
                                     const MidOverrides& mid_overrides = {});

// Per-day mean across replicates with its 95% t-interval (NaN bounds for one replicate),
// the lower bound raised to 0 (every metric is non-negative).
struct DailyBand {
  std::vector<double> mean, low, high;
};
DailyBand daily_band(const sim::Matrix& series);

}  // namespace rapport::analysis
