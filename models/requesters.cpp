#include "models/requesters.hpp"

#include <cmath>
#include <limits>

#include "models/mechanisms.hpp"
#include "models/metrics.hpp"
#include "models/policies/policy.hpp"
#include "models/world.hpp"

namespace rapport::models {
namespace {

constexpr float kNotReached = std::numeric_limits<float>::quiet_NaN();

void take_snapshot(RequestRecord& row, std::size_t slot, const World& world, const AdherenceLink& adherence_of) {
  row.trust[slot] = world.patients.trust[row.patient];
  row.adherence[slot] = static_cast<float>(adherence_of.of_patient(world.patients, row.patient));
}

}  // namespace

RequestOutcome request_outcome(Response response) {
  switch (response) {
    case Response::kDecline: return RequestOutcome::kDeclined;
    case Response::kAccept: return RequestOutcome::kAccepted;
    case Response::kRedirectPage: return RequestOutcome::kRedirectedPage;
    case Response::kRedirectPortal: return RequestOutcome::kRedirectedPortal;
  }
  return RequestOutcome::kPending;
}

void RequesterCohort::resize(std::size_t physicians) {
  rows.resize(physicians);
  latest.resize(physicians);
}

RequestRecord* RequesterCohort::current(std::size_t physician, std::uint32_t patient) {
  const auto& index = latest[physician];
  if (index.empty()) return nullptr;  // most panels: no requester at all
  const auto found = index.find(patient);
  if (found == index.end()) return nullptr;
  RequestRecord& row = rows[physician][found->second];
  return row.current ? &row : nullptr;
}

bool RequesterCohort::has_current(std::size_t physician, std::uint32_t patient) const {
  const auto found = latest[physician].find(patient);
  return found != latest[physician].end() && rows[physician][found->second].current;
}

void record_request(World& world, std::size_t physician, std::uint32_t patient, std::uint32_t day,
                    RequestOutcome outcome) {
  auto& cohort = world.requesters;
  RequestRecord row;
  row.patient = patient;
  row.policy = static_cast<std::uint8_t>(world.physicians.policy[physician]);
  row.outcome = outcome;
  row.request_day = static_cast<std::int32_t>(day);
  row.portal_user = world.patients.link[patient] == Link::kPortal;
  row.trust.fill(kNotReached);
  row.adherence.fill(kNotReached);
  take_snapshot(row, 0, world, AdherenceLink(*world.params));
  if (RequestRecord* previous = cohort.current(physician, patient)) {
    previous->current = false;
  } else {
    row.first = true;
  }
  cohort.latest[physician][patient] = static_cast<std::uint32_t>(cohort.rows[physician].size());
  cohort.rows[physician].push_back(row);
}

void record_response(World& world, std::size_t physician, std::uint32_t patient, std::uint32_t day,
                     Response response) {
  if (RequestRecord* row = world.requesters.current(physician, patient)) {
    row->outcome = request_outcome(response);
    row->response_day = static_cast<std::int32_t>(day);
  }
}

void record_exit(World& world, std::size_t physician, std::uint32_t patient, std::uint32_t day) {
  auto& cohort = world.requesters;
  if (cohort.latest[physician].erase(patient) == 0) return;
  for (auto& row : cohort.rows[physician]) {
    if (row.patient != patient || row.exit_day >= 0) continue;
    row.current = false;
    row.exit_day = static_cast<std::int32_t>(day);
  }
}

void follow_requesters(World& world, std::uint32_t day, sim::DailySeries& series) {
  const AdherenceLink adherence_of(*world.params);
  constexpr std::size_t kStats = kRequesterSeriesNames.size();
  std::array<double, kRequesterSeriesRows> sums{};
  // In physician order, then request order, so the sums do not depend on the thread count.
  for (auto& panel_rows : world.requesters.rows) {
    for (auto& row : panel_rows) {
      if (row.exit_day >= 0) continue;
      const auto since_request = static_cast<std::int32_t>(day) - row.request_day;
      for (std::size_t k = 0; k < kFollowUpDays.size(); ++k) {
        if (since_request == kFollowUpDays[k]) take_snapshot(row, 1 + k, world, adherence_of);
      }
      if (!row.current) continue;
      const double trust = world.patients.trust[row.patient];
      const std::size_t base = static_cast<std::size_t>(row.outcome) * kStats;
      sums[base] += trust;
      sums[base + 1] += adherence_of.of_patient(world.patients, row.patient);
      sums[base + 2] += 1;
    }
  }
  for (std::size_t o = 0; o < kRequestOutcomeCount; ++o) {
    const double n = sums[o * kStats + 2];
    const double mean_trust = n > 0 ? sums[o * kStats] / n : std::numeric_limits<double>::quiet_NaN();
    const double mean_adherence = n > 0 ? sums[o * kStats + 1] / n : std::numeric_limits<double>::quiet_NaN();
    series.at(o * kStats, day) = mean_trust;
    series.at(o * kStats + 1, day) = mean_adherence;
    series.at(o * kStats + 2, day) = n;
  }
}

RequesterTable requester_table(World& world) {
  const AdherenceLink adherence_of(*world.params);
  RequesterTable table;
  const auto as_double = [](float value) { return static_cast<double>(value); };
  for (std::size_t d = 0; d < world.requesters.rows.size(); ++d) {
    for (auto& row : world.requesters.rows[d]) {
      if (row.exit_day < 0) take_snapshot(row, kSnapshotCount - 1, world, adherence_of);
      table.policy.emplace_back(policy_info(PolicyId{row.policy}).name);
      table.response.emplace_back(kRequestOutcomeNames[static_cast<std::size_t>(row.outcome)]);
      table.patient.push_back(row.patient);
      table.physician.push_back(static_cast<double>(d));
      table.request_day.push_back(row.request_day);
      table.response_day.push_back(row.response_day);
      table.exit_day.push_back(row.exit_day);
      table.first_request.push_back(row.first ? 1 : 0);
      table.portal_user.push_back(row.portal_user ? 1 : 0);
      table.trust_at_request.push_back(as_double(row.trust[0]));
      table.trust_90_days.push_back(as_double(row.trust[1]));
      table.trust_365_days.push_back(as_double(row.trust[2]));
      table.trust_end.push_back(as_double(row.trust[3]));
      table.adherence_at_request.push_back(as_double(row.adherence[0]));
      table.adherence_90_days.push_back(as_double(row.adherence[1]));
      table.adherence_365_days.push_back(as_double(row.adherence[2]));
      table.adherence_end.push_back(as_double(row.adherence[3]));
      table.messages_after.push_back(row.messages);
      table.message_minutes_after.push_back(row.message_minutes);
      table.after_hours_minutes_after.push_back(row.after_hours_minutes);
      table.breaches.push_back(row.breaches);
      table.boundary_incidents.push_back(row.boundary_incidents);
    }
  }
  return table;
}

OutcomeTotals outcome_totals(const World& world, const sim::DailySeries& series, const PopulationSums& population,
                             const AdherenceLink& adherence_of) {
  const Parameters& p = *world.params;
  using enum EffectOutcome;
  const auto at = [](auto& totals, EffectOutcome outcome) -> double& { return totals[static_cast<std::size_t>(outcome)]; };
  OutcomeTotals totals;
  auto& everyone = totals.population;
  at(everyone, kTrust) = population.trust;
  at(everyone, kAdherence) = population.adherence;
  const auto run_total = [&](MetricId m) {
    double total = 0;
    for (std::size_t t = 0; t < series.n_days(); ++t) total += series.at(index(m), t);
    return total;
  };
  at(everyone, kMessages) = run_total(metric("messages"));
  at(everyone, kMessageMinutes) =
      run_total(metric("messages_portal")) * p.messages.minutes_per_message +
      run_total(metric("messages_personal")) * p.messages.minutes_per_message * p.messages.rel_minutes_personal;
  at(everyone, kAfterHoursMinutes) = run_total(metric("after_hours_minutes"));
  at(everyone, kBreaches) = run_total(metric("breaches"));
  auto& asked = totals.requesters;
  for (const auto& panel_rows : world.requesters.rows) {
    for (const auto& row : panel_rows) {
      totals.requester_count += row.first ? 1 : 0;
      if (row.current) {  // the patient's latest request, patient still in the panel
        const double trust = world.patients.trust[row.patient];
        at(asked, kTrust) += trust;
        at(asked, kAdherence) += adherence_of.of_patient(world.patients, row.patient);
      }
      at(asked, kMessages) += row.messages;
      at(asked, kMessageMinutes) += row.message_minutes;
      at(asked, kAfterHoursMinutes) += row.after_hours_minutes;
      at(asked, kBreaches) += row.breaches;
    }
  }
  return totals;
}

}  // namespace rapport::models
