#include "analysis/calibration/target_statistics.hpp"

#include <cmath>
#include <limits>

#include "analysis/statistics.hpp"
#include "analysis/summary.hpp"

namespace rapport::analysis::calibration {
namespace {

using Kind = TargetStatistic::Kind;
constexpr double kDaysPerYear = 365.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Named {
  std::string_view name;
  Kind kind;
};
constexpr Named kBuiltIn[] = {
    {"share_findable_physicians_requested_per_year", Kind::kShareFindableRequestedPerYear},
    {"requests_per_findable_physician_per_year", Kind::kRequestsPerFindablePerYear},
    {"portal_messages_per_enrolled_patient_per_year", Kind::kPortalMessagesPerEnrolledYear},
    {"share_requests_accepted", Kind::kShareRequestsAccepted},
};
constexpr std::string_view kFinalSuffix = "_final";
constexpr std::string_view kTotalSuffix = "_total";

double years_of(const models::RunResult& run) { return static_cast<double>(run.series.n_days()) / kDaysPerYear; }

double run_total(const models::RunResult& run, models::MetricId metric) {
  double total = 0.0;
  for (std::size_t t = 0; t < run.series.n_days(); ++t) total += run.series.at(static_cast<std::size_t>(metric), t);
  return total;
}

// Findable physicians with at least one request, and all findable physicians, over all runs.
struct FindableCounts {
  double findable = 0.0, requested = 0.0, requests = 0.0;
};
FindableCounts findable_counts(std::span<const models::RunResult> runs) {
  FindableCounts counts;
  for (const auto& run : runs) {
    const auto& table = run.physicians;
    for (std::size_t d = 0; d < table.findable.size(); ++d) {
      if (table.findable[d] == 0) continue;
      counts.findable += 1;
      counts.requested += table.requests_received[d] > 0 ? 1 : 0;
      counts.requests += table.requests_received[d];
    }
  }
  return counts;
}

// The share of findable physicians asked at least once in a run of `years`, as a yearly
// probability: with a constant yearly chance p, 1 - (1 - p)^years were asked in the run.
double share_requested_per_year(std::span<const models::RunResult> runs) {
  const auto counts = findable_counts(runs);
  if (counts.findable == 0) return kNaN;
  const double share_in_run = counts.requested / counts.findable;
  return 1.0 - std::pow(1.0 - share_in_run, 1.0 / years_of(runs.front()));
}

double requests_per_findable_per_year(std::span<const models::RunResult> runs) {
  const auto counts = findable_counts(runs);
  if (counts.findable == 0) return kNaN;
  return counts.requests / counts.findable / years_of(runs.front());
}

// Portal messages over enrolled patient-years (the sum of daily enrolment / 365), as
// Crotty et al. (2014) count messages per enrolled patient.
double portal_messages_per_enrolled_year(std::span<const models::RunResult> runs) {
  double messages = 0.0, enrolled_days = 0.0;
  for (const auto& run : runs) {
    messages += run_total(run, models::metric("messages_portal"));
    enrolled_days += run_total(run, models::metric("links_portal"));
  }
  return enrolled_days > 0 ? messages / (enrolled_days / kDaysPerYear) : kNaN;
}

double share_requests_accepted(std::span<const models::RunResult> runs) {
  double accepted = 0.0, answered = 0.0;
  for (const auto& run : runs) {
    accepted += run_total(run, models::metric("requests_accepted"));
    answered += run_total(run, models::metric("requests_accepted")) + run_total(run, models::metric("requests_declined")) +
                run_total(run, models::metric("requests_redirected"));
  }
  return answered > 0 ? accepted / answered : kNaN;
}

// Mean over replicates of the statistic `rapport summarize` reports for the metric.
double metric_statistic(std::span<const models::RunResult> runs, models::MetricId metric) {
  const auto m = static_cast<std::size_t>(metric);
  sim::Matrix series{runs.size(), runs.front().series.n_days(), {}};
  for (const auto& run : runs) {
    for (std::size_t t = 0; t < run.series.n_days(); ++t) series.values.push_back(run.series.at(m, t));
  }
  const auto statistic = statistic_for(models::metric_table()[m].reduction);
  return summarize_sample(per_replicate(series, statistic)).mean;
}

}  // namespace

std::optional<TargetStatistic> find_target_statistic(const std::string& name) {
  for (const auto& b : kBuiltIn) {
    if (name == b.name) return TargetStatistic{b.kind, {}};
  }
  const auto& metrics = models::metric_table();
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const bool count = metrics[m].reduction == sim::Reduction::kCount;
    const std::string expected = std::string(metrics[m].name) + std::string(count ? kTotalSuffix : kFinalSuffix);
    if (name == expected) return TargetStatistic{count ? Kind::kMetricTotal : Kind::kMetricFinal, static_cast<models::MetricId>(m)};
  }
  return std::nullopt;
}

std::vector<std::string> target_statistic_names() {
  std::vector<std::string> names;
  for (const auto& b : kBuiltIn) names.emplace_back(b.name);
  for (const auto& spec : models::metric_table()) {
    names.push_back(std::string(spec.name) +
                    std::string(spec.reduction == sim::Reduction::kCount ? kTotalSuffix : kFinalSuffix));
  }
  return names;
}

double evaluate(const TargetStatistic& statistic, std::span<const models::RunResult> runs) {
  if (runs.empty()) return kNaN;
  switch (statistic.kind) {
    case Kind::kShareFindableRequestedPerYear: return share_requested_per_year(runs);
    case Kind::kRequestsPerFindablePerYear: return requests_per_findable_per_year(runs);
    case Kind::kPortalMessagesPerEnrolledYear: return portal_messages_per_enrolled_year(runs);
    case Kind::kShareRequestsAccepted: return share_requests_accepted(runs);
    case Kind::kMetricFinal:
    case Kind::kMetricTotal: return metric_statistic(runs, statistic.metric);
  }
  return kNaN;
}

}  // namespace rapport::analysis::calibration
