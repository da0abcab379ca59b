#include "models/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::models {

using sim::Reduction;

const std::array<sim::MetricSpec, kMetricCount>& metric_table() {
  static const std::array<sim::MetricSpec, kMetricCount> table = {{
      {"trust_mean", "trust (0-1)", "mean patient trust in their physician", Reduction::kLevel},
      {"trust_sd", "trust (0-1)", "standard deviation of patient trust", Reduction::kLevel},
      {"adherence_mean", "probability", "mean patient adherence", Reduction::kLevel},
      {"adherence_sd", "probability", "standard deviation of patient adherence", Reduction::kLevel},
      {"visits", "visits/day", "patients with at least one visit that day", Reduction::kCount},
      {"friend_requests", "requests/day", "friend requests sent to physicians", Reduction::kCount},
      {"requests_accepted", "requests/day", "requests accepted as personal friends", Reduction::kCount},
      {"requests_declined", "requests/day", "requests declined", Reduction::kCount},
      {"requests_redirected", "requests/day", "requests redirected to a professional page or the portal",
       Reduction::kCount},
      {"requests_pending", "requests", "requests awaiting an answer at the end of the day", Reduction::kLevel},
      {"links_personal", "patients", "patients who are personal friends of their physician", Reduction::kLevel},
      {"links_page", "patients", "patients following their physician's professional page", Reduction::kLevel},
      {"links_portal", "patients", "patients enrolled in the secure portal", Reduction::kLevel},
      {"messages", "messages/day", "patient messages on personal and portal channels", Reduction::kCount},
      {"messages_personal", "messages/day", "patient messages on personal social-media channels",
       Reduction::kCount},
      {"messages_portal", "messages/day", "patient messages on the secure portal", Reduction::kCount},
      {"physician_minutes_mean", "minutes/day", "mean physician minutes spent on patient messages",
       Reduction::kLevel},
      {"physician_minutes_p90", "minutes/day", "90th percentile across physicians of message minutes",
       Reduction::kLevel},
      {"overtime_minutes", "minutes/day", "message minutes worked beyond the in-hours allowance, all physicians",
       Reduction::kCount},
      {"backlog_minutes_mean", "minutes", "mean unanswered message work per physician", Reduction::kLevel},
      {"breaches", "breaches/day", "confidentiality breaches (all channels)", Reduction::kCount},
      {"breaches_personal", "breaches/day", "breaches on personal social-media channels and posts",
       Reduction::kCount},
      {"breaches_portal", "breaches/day", "breaches of portal messages", Reduction::kCount},
      {"breaches_cumulative", "breaches", "breaches since the start of the run", Reduction::kCumulative},
      {"boundary_incidents", "incidents/day", "boundary incidents on personal links", Reduction::kCount},
      {"complaints", "complaints/day", "complaints to a medical board", Reduction::kCount},
      {"investigations", "investigations/day", "board investigations opened", Reduction::kCount},
      {"unprofessional_posts", "posts/day", "unprofessional personal posts seen by patient friends",
       Reduction::kCount},
      {"public_health_posts", "posts/day", "public-health posts on pages and personal accounts", Reduction::kCount},
      {"post_reach", "patients/day", "patient reaches by public-health posts that day (a patient reached by two posts counts twice)", Reduction::kCount},
      {"info_reach", "share of patients", "share of patients ever reached by a public-health post",
       Reduction::kLevel},
      {"guideline_adopters", "share of physicians", "share of physicians who have adopted the guideline",
       Reduction::kLevel},
      {"policy_share_decline_all", "share of physicians", "share of physicians following decline_all",
       Reduction::kLevel},
      {"policy_share_accept_all", "share of physicians", "share of physicians following accept_all",
       Reduction::kLevel},
      {"policy_share_professional_page", "share of physicians",
       "share of physicians following professional_page", Reduction::kLevel},
      {"policy_share_secure_portal", "share of physicians", "share of physicians following secure_portal",
       Reduction::kLevel},
      {"policy_share_selective", "share of physicians", "share of physicians following selective",
       Reduction::kLevel},
  }};
  return table;
}

void collect_day(const World& world, std::uint32_t day, sim::DailySeries& series) {
  PhysicianDay total;
  for (const auto& physician : world.physicians.today) {
    for (std::size_t k = 0; k < total.values.size(); ++k) total.values[k] += physician.values[k];
  }
  const auto n = static_cast<double>(world.patients.size());
  const auto sd = [n](double sum, double sq) { return std::sqrt(std::max(0.0, sq / n - (sum / n) * (sum / n))); };
  auto set = [&](Metric m, double value) { series.at(static_cast<std::size_t>(m), day) = value; };

  set(Metric::kTrustMean, total[Tally::kTrustSum] / n);
  set(Metric::kTrustSd, sd(total[Tally::kTrustSum], total[Tally::kTrustSqSum]));
  set(Metric::kAdherenceMean, total[Tally::kAdherenceSum] / n);
  set(Metric::kAdherenceSd, sd(total[Tally::kAdherenceSum], total[Tally::kAdherenceSqSum]));
  set(Metric::kVisits, total[Tally::kVisits]);
  set(Metric::kFriendRequests, total[Tally::kRequests]);
  set(Metric::kRequestsAccepted, total[Tally::kAccepted]);
  set(Metric::kRequestsDeclined, total[Tally::kDeclined]);
  set(Metric::kRequestsRedirected, total[Tally::kRedirected]);
  set(Metric::kRequestsPending, total[Tally::kPending]);
  set(Metric::kLinksPersonal, total[Tally::kLinksPersonal]);
  set(Metric::kLinksPage, total[Tally::kLinksPage]);
  set(Metric::kLinksPortal, total[Tally::kLinksPortal]);
  set(Metric::kMessages, total[Tally::kMessagesPersonal] + total[Tally::kMessagesPortal]);
  set(Metric::kMessagesPersonal, total[Tally::kMessagesPersonal]);
  set(Metric::kMessagesPortal, total[Tally::kMessagesPortal]);

  const auto& doctors = world.physicians;
  std::vector<double> minutes(doctors.worked_minutes_today);
  double minutes_sum = 0, overtime_sum = 0, backlog_sum = 0;
  for (std::size_t d = 0; d < doctors.size(); ++d) {
    minutes_sum += doctors.worked_minutes_today[d];
    overtime_sum += doctors.overtime_minutes_today[d];
    backlog_sum += doctors.backlog_minutes[d];
  }
  const auto n_doctors = static_cast<double>(doctors.size());
  // Nearest-rank 90th percentile, so the value is one physician's actual minutes.
  const auto rank = static_cast<std::size_t>(std::ceil(0.9 * n_doctors)) - 1;
  std::nth_element(minutes.begin(), minutes.begin() + static_cast<std::ptrdiff_t>(rank), minutes.end());
  set(Metric::kPhysicianMinutesMean, minutes_sum / n_doctors);
  set(Metric::kPhysicianMinutesP90, minutes[rank]);
  set(Metric::kOvertimeMinutes, overtime_sum);
  set(Metric::kBacklogMinutesMean, backlog_sum / n_doctors);

  const double breaches = total[Tally::kBreachesPersonal] + total[Tally::kBreachesPortal];
  const double previous = day > 0 ? series.at(static_cast<std::size_t>(Metric::kBreachesCumulative), day - 1) : 0.0;
  set(Metric::kBreaches, breaches);
  set(Metric::kBreachesPersonal, total[Tally::kBreachesPersonal]);
  set(Metric::kBreachesPortal, total[Tally::kBreachesPortal]);
  set(Metric::kBreachesCumulative, previous + breaches);
  set(Metric::kBoundaryIncidents, total[Tally::kBoundaryIncidents]);
  set(Metric::kComplaints, total[Tally::kComplaints]);
  set(Metric::kInvestigations, total[Tally::kInvestigations]);
  set(Metric::kUnprofessionalPosts, total[Tally::kUnprofessionalPosts]);
  set(Metric::kPublicHealthPosts, world.public_health_posts_today);
  set(Metric::kPostReach, world.reached_today);
  set(Metric::kInfoReach, total[Tally::kEverReached] / n);

  std::array<double, kPolicyCount> policies{};
  for (const auto policy : doctors.policy) policies[static_cast<std::size_t>(policy)] += 1;
  for (std::size_t k = 0; k < kPolicyCount; ++k) {
    series.at(static_cast<std::size_t>(Metric::kPolicyShareDeclineAll) + k, day) = policies[k] / n_doctors;
  }
  const auto& adoption = world.guideline.status;
  const auto adopters = std::count(adoption.begin(), adoption.end(), Adoption::kAdopted);
  set(Metric::kGuidelineAdopters, static_cast<double>(adopters) / n_doctors);
}

}  // namespace rapport::models
