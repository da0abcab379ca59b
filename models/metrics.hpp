// The model's daily outputs, declared once. Each name is a dataset under
// /scenarios/<name>/metrics/ and a row of `rapport summarize`.
#pragma once

#include "models/world.hpp"
#include "sim/metrics.hpp"

#include <array>

namespace rapport::models {

enum class Metric : std::size_t {
  kTrustMean, kTrustSd, kAdherenceMean, kAdherenceSd,
  kVisits, kFriendRequests, kRequestsAccepted, kRequestsDeclined, kRequestsRedirected, kRequestsPending,
  kLinksPersonal, kLinksPage, kLinksPortal,
  kMessages, kMessagesPersonal, kMessagesPortal,
  kPhysicianMinutesMean, kPhysicianMinutesP90, kOvertimeMinutes, kBacklogMinutesMean,
  kBreaches, kBreachesPersonal, kBreachesPortal, kBreachesCumulative,
  kBoundaryIncidents, kComplaints, kInvestigations, kUnprofessionalPosts,
  kPublicHealthPosts, kPostReach, kInfoReach,
  kGuidelineAdopters, kPolicyShareDeclineAll, kPolicyShareAcceptAll, kPolicyShareProfessionalPage,
  kPolicyShareSecurePortal, kPolicyShareSelective,
  kCount
};
inline constexpr std::size_t kMetricCount = static_cast<std::size_t>(Metric::kCount);

const std::array<sim::MetricSpec, kMetricCount>& metric_table();

// Sums today's per-physician tallies in physician order (deterministic) into day `day` of `series`.
void collect_day(const World& world, std::uint32_t day, sim::DailySeries& series);

}  // namespace rapport::models
