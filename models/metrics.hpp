// The model's daily outputs, declared once. Each row names a dataset under
// /scenarios/<name>/metrics/ and a row of `rapport summarize`, says how it summarises
// over a run, and how its day value is formed from what the phases add. Phases add to
// a metric by name, checked when compiling: `today[metric("visits")] += 1`.
// Adding a metric is adding a row; the writer, the byte format, `summarize`, sweeps,
// calibration targets and docs/RESULTS.md follow.
#pragma once

#include "sim/metrics.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rapport::models {

struct World;
enum class PolicyId : std::uint8_t;  // models/policies/policy.hpp

// How a metric's day value is formed. Every metric has one tally per physician that
// phases add to (reset each day); the day value is read from those tallies, summed in
// physician order so that it does not depend on the thread count.
enum class DailyValue : std::uint8_t {
  kTotal,          // the sum over physicians
  kPerPatient,     // the sum over physicians divided by the number of patients
  kPerPhysician,   // the sum over physicians divided by the number of physicians
  kPatientSd,      // standard deviation over patients: the tallies hold sums of squares, `source` the sums
  kPhysicianP90,   // nearest-rank 90th percentile across physicians of `source`'s tallies
  kSumOfSources,   // the sum over physicians of `source`'s and `second_source`'s tallies (none of its own)
  kRunningTotal,   // the previous day's value + `source`'s day value (an earlier row; no tally of its own)
};

struct MetricDefinition {
  sim::MetricSpec spec;
  DailyValue value = DailyValue::kTotal;
  std::string_view source{};  // the metrics a derived value reads, by name
  std::string_view second_source{};
};

namespace detail {
using sim::Better;
using sim::Reduction;
using enum DailyValue;
inline constexpr auto kMetricDefinitions = std::to_array<MetricDefinition>({
    {{"trust_mean", "trust (0-1)", "mean patient trust in their physician", Reduction::kLevel, Better::kHigher},
     kPerPatient},
    {{"trust_sd", "trust (0-1)", "standard deviation of patient trust", Reduction::kLevel, Better::kLower},
     kPatientSd, "trust_mean"},
    {{"adherence_mean", "probability", "mean patient adherence", Reduction::kLevel, Better::kHigher}, kPerPatient},
    {{"adherence_sd", "probability", "standard deviation of patient adherence", Reduction::kLevel, Better::kLower},
     kPatientSd, "adherence_mean"},
    {{"visits", "visits/day", "patients with at least one visit that day", Reduction::kCount}},
    {{"friend_requests", "requests/day", "friend requests sent to physicians", Reduction::kCount}},
    {{"requests_accepted", "requests/day", "requests accepted as personal friends", Reduction::kCount}},
    {{"requests_declined", "requests/day", "requests declined", Reduction::kCount}},
    {{"requests_redirected", "requests/day", "requests redirected to a professional page or the portal",
      Reduction::kCount}},
    {{"requests_pending", "requests", "requests awaiting an answer at the end of the day", Reduction::kLevel,
      Better::kLower}},
    {{"links_personal", "patients", "patients who are personal friends of their physician", Reduction::kLevel}},
    {{"links_page", "patients", "patients following their physician's professional page", Reduction::kLevel,
      Better::kHigher}},
    {{"links_portal", "patients", "patients enrolled in the secure portal", Reduction::kLevel, Better::kHigher}},
    {{"messages", "messages/day", "patient messages on personal and portal channels", Reduction::kCount},
     kSumOfSources, "messages_personal", "messages_portal"},
    {{"messages_personal", "messages/day", "patient messages on personal social-media channels",
      Reduction::kCount}},
    {{"messages_portal", "messages/day", "patient messages on the secure portal", Reduction::kCount}},
    {{"physician_minutes_mean", "minutes/day", "mean physician minutes spent on patient messages",
      Reduction::kLevel, Better::kLower},
     kPerPhysician},
    {{"physician_minutes_p90", "minutes/day", "90th percentile across physicians of message minutes",
      Reduction::kLevel, Better::kLower},
     kPhysicianP90, "physician_minutes_mean"},
    {{"message_demand_minutes_mean", "minutes/day",
      "mean message minutes asked of a physician that day (new portal and personal messages), before any "
      "capacity limit",
      Reduction::kLevel, Better::kLower},
     kPerPhysician},
    {{"message_demand_minutes_p90", "minutes/day",
      "90th percentile across physicians of message minutes asked that day, before any capacity limit",
      Reduction::kLevel, Better::kLower},
     kPhysicianP90, "message_demand_minutes_mean"},
    {{"overtime_minutes", "minutes/day", "message minutes worked beyond the in-hours allowance, all physicians",
      Reduction::kCount, Better::kLower}},
    {{"backlog_minutes_mean", "minutes", "mean unanswered message work per physician", Reduction::kLevel,
      Better::kLower},
     kPerPhysician},
    {{"breaches", "breaches/day", "confidentiality breaches (all channels)", Reduction::kCount, Better::kLower},
     kSumOfSources, "breaches_personal", "breaches_portal"},
    {{"breaches_personal", "breaches/day", "breaches on personal social-media channels and posts",
      Reduction::kCount, Better::kLower}},
    {{"breaches_portal", "breaches/day", "breaches of portal messages", Reduction::kCount, Better::kLower}},
    {{"breaches_cumulative", "breaches", "breaches since the start of the run", Reduction::kCumulative,
      Better::kLower},
     kRunningTotal, "breaches"},
    {{"boundary_incidents", "incidents/day", "boundary incidents on personal links", Reduction::kCount,
      Better::kLower}},
    {{"complaints", "complaints/day", "complaints to a medical board", Reduction::kCount, Better::kLower}},
    {{"investigations", "investigations/day", "board investigations opened", Reduction::kCount, Better::kLower}},
    {{"unprofessional_posts", "posts/day", "unprofessional personal posts seen by patient friends",
      Reduction::kCount, Better::kLower}},
    {{"public_health_posts", "posts/day", "public-health posts on pages and personal accounts", Reduction::kCount,
      Better::kHigher}},
    {{"post_reach", "patients/day",
      "patient reaches by public-health posts that day (a patient reached by two posts counts twice)",
      Reduction::kCount, Better::kHigher}},
    {{"info_reach", "share of patients", "share of patients ever reached by a public-health post",
      Reduction::kLevel, Better::kHigher},
     kPerPatient},
    // Model v2 (issue 13): miscommunication per exchange, after-hours work and burnout.
    {{"miscommunications", "patients/day", "patients with a misunderstood visit or message that day",
      Reduction::kCount, Better::kLower}},
    {{"after_hours_minutes", "minutes/day",
      "message minutes worked in physicians' own time (portal overtime and personal-channel answers), all "
      "physicians",
      Reduction::kCount, Better::kLower}},
    {{"page_upkeep_minutes", "minutes/day",
      "minutes keeping professional pages (professional_page and open_page), in physicians' own time, all "
      "physicians",
      Reduction::kCount, Better::kLower}},
    {{"burnout_risk_mean", "probability", "mean physician burnout risk from the after-hours message load",
      Reduction::kLevel, Better::kLower},
     kPerPhysician},
    // Model v2 (issue 13): misinformation and correction.
    {{"misinformed_share", "share of patients",
      "share of patients holding an uncorrected inaccurate belief from a symptom search", Reduction::kLevel,
      Better::kLower},
     kPerPatient},
    {{"misinformation_acquired", "patients/day", "patients who acquired an inaccurate belief from a symptom search",
      Reduction::kCount, Better::kLower}},
    {{"misinformation_corrections", "patients/day",
      "inaccurate beliefs corrected at a visit, in a message exchange or by a public-health post", Reduction::kCount}},
    // A world that changes (models/guideline.hpp): physician-level shares, one tally of 1 per physician.
    {{"guideline_adopters", "share of physicians", "share of physicians who have adopted the guideline",
      Reduction::kLevel},
     kPerPhysician},
    // One share per policy, in rank order (generated from the files of models/policies/).
#include "models/policies/policy_share_metrics.inc"
});
}  // namespace detail

inline constexpr const auto& kMetrics = detail::kMetricDefinitions;
inline constexpr std::size_t kMetricCount = kMetrics.size();

// A metric's position in the registry, which is also its row in sim::DailySeries.
enum class MetricId : std::uint16_t {};

constexpr std::optional<MetricId> find_metric(std::string_view name) {
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    if (kMetrics[m].spec.name == name) return static_cast<MetricId>(m);
  }
  return std::nullopt;
}

// The metric of a name known when compiling; an unknown name does not compile.
consteval MetricId metric(std::string_view name) {
  const auto id = find_metric(name);
  if (!id) throw "unknown metric name (models/metrics.hpp)";
  return *id;
}

constexpr std::size_t index(MetricId id) { return static_cast<std::size_t>(id); }

// What one physician's panel adds to each metric during one day.
struct PhysicianDay {
  std::array<double, kMetricCount> values{};
  double& operator[](MetricId m) { return values[index(m)]; }
  double operator[](MetricId m) const { return values[index(m)]; }
};

// The policy_share_<policy> metric of a policy (every policy has one, generated).
MetricId policy_share_metric(PolicyId policy);

// The registry's descriptions alone, in registry order (for readers of results files).
const std::array<sim::MetricSpec, kMetricCount>& metric_table();

// Forms day `day` of `series` from today's tallies (DailyValue).
void collect_day(const World& world, std::uint32_t day, sim::DailySeries& series);

}  // namespace rapport::models
