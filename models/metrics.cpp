#include "models/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/world.hpp"

namespace rapport::models {
namespace {

// The metric a row's source names.
constexpr std::size_t source_index(std::string_view name) {
  const auto id = find_metric(name);
  if (!id) throw "a metric's source is not a metric (models/metrics.hpp)";
  return index(*id);
}

consteval bool registry_is_consistent() {
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    const auto& row = kMetrics[m];
    for (std::size_t other = 0; other < m; ++other) {
      if (kMetrics[other].spec.name == row.spec.name) throw "a metric name is declared twice";
    }
    const bool has_source = row.value == DailyValue::kPatientSd || row.value == DailyValue::kPhysicianP90 ||
                            row.value == DailyValue::kRunningTotal || row.value == DailyValue::kSumOfSources;
    if (has_source) (void)source_index(row.source);
    if (row.value == DailyValue::kSumOfSources) (void)source_index(row.second_source);
    // One pass in registry order forms every day value, so a running total follows its source.
    if (row.value == DailyValue::kRunningTotal && source_index(row.source) >= m) {
      throw "a running total must follow its source (models/metrics.hpp)";
    }
  }
  return true;
}
static_assert(registry_is_consistent());

// Each row's sources as registry indices, resolved when compiling.
struct Sources {
  std::size_t first = 0, second = 0;
};
constexpr auto kSources = [] {
  std::array<Sources, kMetricCount> sources{};
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    if (!kMetrics[m].source.empty()) sources[m].first = source_index(kMetrics[m].source);
    if (!kMetrics[m].second_source.empty()) sources[m].second = source_index(kMetrics[m].second_source);
  }
  return sources;
}();

}  // namespace

const std::array<sim::MetricSpec, kMetricCount>& metric_table() {
  static const std::array<sim::MetricSpec, kMetricCount> table = [] {
    std::array<sim::MetricSpec, kMetricCount> specs;
    for (std::size_t m = 0; m < kMetricCount; ++m) specs[m] = kMetrics[m].spec;
    return specs;
  }();
  return table;
}

MetricId policy_share_metric(PolicyId policy) {
  static const std::array<MetricId, kPolicyCount> metrics = [] {
    std::array<MetricId, kPolicyCount> ids{};
    for (const auto& info : policy_table()) {
      const std::string name = "policy_share_" + std::string(info.name);
      const auto id = find_metric(name);
      if (!id) throw std::logic_error("policy " + std::string(info.name) + " has no metric " + name + " (models/metrics.hpp)");
      ids[static_cast<std::size_t>(info.id)] = *id;
    }
    return ids;
  }();
  return metrics[static_cast<std::size_t>(policy)];
}

void collect_day(const World& world, std::uint32_t day, sim::DailySeries& series) {
  PhysicianDay total;
  for (const auto& physician : world.physicians.today) {
    for (std::size_t k = 0; k < total.values.size(); ++k) total.values[k] += physician.values[k];
  }
  const auto n_patients = static_cast<double>(world.patients.size());
  const auto n_physicians = static_cast<double>(world.physicians.size());
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    const auto& row = kMetrics[m];
    double value = total.values[m];
    switch (row.value) {
      case DailyValue::kTotal: break;
      case DailyValue::kPerPatient: value /= n_patients; break;
      case DailyValue::kPerPhysician: value /= n_physicians; break;
      case DailyValue::kPatientSd: {
        const double mean = total.values[kSources[m].first] / n_patients;
        value = std::sqrt(std::max(0.0, value / n_patients - mean * mean));
        break;
      }
      case DailyValue::kPhysicianP90: {
        // Nearest rank, so the value is one physician's actual tally.
        const std::size_t source = kSources[m].first;
        std::vector<double> tallies;
        tallies.reserve(world.physicians.today.size());
        for (const auto& physician : world.physicians.today) tallies.push_back(physician.values[source]);
        const auto rank = static_cast<std::size_t>(std::ceil(0.9 * n_physicians)) - 1;
        std::nth_element(tallies.begin(), tallies.begin() + static_cast<std::ptrdiff_t>(rank), tallies.end());
        value = tallies[rank];
        break;
      }
      case DailyValue::kSumOfSources:
        value = total.values[kSources[m].first] + total.values[kSources[m].second];
        break;
      case DailyValue::kRunningTotal:
        value = (day > 0 ? series.at(m, day - 1) : 0.0) + series.at(kSources[m].first, day);
        break;
    }
    series.at(m, day) = value;
  }
}

}  // namespace rapport::models
