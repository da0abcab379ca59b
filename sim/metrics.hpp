// Declared outputs: how a daily metric is described to its readers (name, units,
// meaning, how it summarises over a run, which direction is better). The model's
// registry (models/metrics.hpp) holds one per metric; the writer, `summarize`,
// sweeps and docs/RESULTS.md read it.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace rapport::sim {

enum class Reduction {
  kLevel,       // a state (e.g. mean trust): summarised by its final-day value
  kCount,       // events per day: summarised by the total over the run
  kCumulative,  // a running total: summarised by its final-day value
};

// The name stored in a metric dataset's `reduction` attribute.
constexpr std::string_view reduction_name(Reduction reduction) {
  switch (reduction) {
    case Reduction::kLevel: return "level";
    case Reduction::kCount: return "count";
    case Reduction::kCumulative: return "cumulative";
  }
  return "level";
}

// Which way a metric is better, for policy robustness (`rapport sensitivity --compare`).
enum class Better { kHigher, kLower, kNeither };

struct MetricSpec {
  std::string_view name;
  std::string_view units;
  std::string_view description;
  Reduction reduction;
  Better better = Better::kNeither;
};

// Daily values of every metric for one run, stored metric-major.
class DailySeries {
 public:
  DailySeries(std::size_t n_metrics, std::size_t n_days) : n_days_(n_days), values_(n_metrics * n_days, 0.0) {}
  double& at(std::size_t metric, std::size_t day) { return values_[metric * n_days_ + day]; }
  [[nodiscard]] double at(std::size_t metric, std::size_t day) const { return values_[metric * n_days_ + day]; }
  [[nodiscard]] std::size_t n_days() const { return n_days_; }
  // Every value, metric-major (metric m's days are contiguous): for copying a series whole.
  [[nodiscard]] std::vector<double>& values() { return values_; }
  [[nodiscard]] const std::vector<double>& values() const { return values_; }

 private:
  std::size_t n_days_;
  std::vector<double> values_;
};

}  // namespace rapport::sim
