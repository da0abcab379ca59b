// Per scenario and metric: one statistic per replicate, summarised across
// replicates, optionally paired against a baseline scenario; and per-day bands.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/results_reader.hpp"
#include "analysis/statistics.hpp"

namespace rapport::analysis {

// What one replicate contributes: the final-day value of a level or running
// total, or the total over the run of a daily count.
enum class Statistic { kFinalDay, kRunTotal };

Statistic statistic_for(sim::Reduction reduction);
std::string_view statistic_name(Statistic statistic);

// One value per replicate (row of `series`).
std::vector<double> per_replicate(const sim::Matrix& series, Statistic statistic);

struct MetricSummary {
  std::string scenario;
  std::string metric;
  Statistic statistic = Statistic::kFinalDay;
  SampleSummary across_replicates;
  std::optional<PairedDifference> versus_baseline;  // set when a baseline was requested
};

// Every scenario x every metric (or only `metrics` when not empty), scenario-major
// in name order. With a baseline, scenarios are paired with it by replicate index;
// throws AnalysisInputError for an unknown name or when days or replicate counts differ.
std::vector<MetricSummary> summarize(const Results& results, const std::optional<std::string>& baseline,
                                     const std::vector<std::string>& metrics = {});

// Per-day mean across replicates with its 95% t-interval (NaN bounds for one replicate).
struct DailyBand {
  std::vector<double> mean, low, high;
};
DailyBand daily_band(const sim::Matrix& series);

}  // namespace rapport::analysis
