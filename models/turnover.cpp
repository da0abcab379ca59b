#include "models/turnover.hpp"

#include <algorithm>
#include <climits>

#include "models/calendar.hpp"
#include "models/mechanisms.hpp"
#include "models/phases/phases.hpp"
#include "models/population.hpp"
#include "models/random_events.hpp"

namespace rapport::models {
namespace {

// Ends patient i's personal or follower link with physician d, if it has one.
void unlink(World& world, std::size_t d, std::uint32_t i) {
  auto& doctors = world.physicians;
  auto& link = world.patients.link[i];
  if (link == Link::kPersonal) {
    std::erase(doctors.personal_friends[d], i);
    world.patients.next_message_day.set(i, INT32_MAX);
  } else if (link == Link::kFollower) {
    std::erase(doctors.page_followers[d], i);
  } else {
    return;
  }
  link = Link::kNone;
}

void replace_physician(World& world, std::size_t d, std::uint32_t day) {
  const Parameters& p = *world.params;
  auto& doctors = world.physicians;
  auto& patients = world.patients;
  const auto u = world.streams.block(static_cast<std::uint32_t>(d), day, event::kPhysicianArrival);
  const bool was_findable = doctors.findable[d] != 0;
  doctors.findable[d] = sim::RandomStreams::to_unit(u[0]) < personal_presence_probability(p, calendar_year(p, day));
  doctors.visit_quality[d] = static_cast<float>(
      p.physicians.visit_quality_min +
      (p.physicians.visit_quality_max - p.physicians.visit_quality_min) * sim::RandomStreams::to_unit(u[1]));
  doctors.self_disclosure_share[d] = self_disclosure_share(p, sim::RandomStreams::to_unit(u[3]));
  doctors.privacy_violation_share[d] =
      privacy_violation_share(p, world.streams.uniform(static_cast<std::uint32_t>(d), day, event::kPrivacyViolation,
                                                       event::kTraitDrawIndex));
  doctors.after_hours_load[d] = 0;  // a newcomer has no after-hours load yet
  const auto colleague = std::min(doctors.size() - 1,
                                  static_cast<std::size_t>(sim::RandomStreams::to_unit(u[2]) * doctors.size()));
  doctors.policy[d] = doctors.policy[colleague];
  auto& status = world.guideline.status;
  if (!status.empty()) status[d] = status[colleague];
  const auto fixed = p.policy.by_specialty[static_cast<std::size_t>(doctors.specialty[d])];
  if (fixed && (status.empty() || status[d] != Adoption::kAdopted)) doctors.policy[d] = *fixed;

  for (const auto i : doctors.personal_friends[d]) {
    patients.link[i] = Link::kNone;
    patients.flags[i] &= static_cast<std::uint8_t>(~kSawUnprofessional);  // the newcomer's posts are unseen
    patients.next_message_day.set(i, INT32_MAX);
  }
  doctors.personal_friends[d].clear();
  if (!policy_info(doctors.policy[d]).posts_on_page) {
    for (const auto i : doctors.page_followers[d]) patients.link[i] = Link::kNone;
    doctors.page_followers[d].clear();
  }
  // Followers kept by the newcomer's page have not seen its posts either.
  for (const auto i : doctors.page_followers[d]) patients.flags[i] &= static_cast<std::uint8_t>(~kSawUnprofessional);
  const bool findable = doctors.findable[d] != 0;
  if (findable == was_findable) return;
  // Requests reach only a findable physician: reschedule the panel's candidate days.
  const double bound = request_hazard_bound(p);
  for (const auto i : world.panel(d)) {
    if (!findable && patients.link[i] == Link::kPending) patients.link[i] = Link::kNone;
    if (!findable && patients.link[i] == Link::kPortalPending) patients.link[i] = Link::kPortal;
    const bool asks = findable && patients.has(i, kSocialMediaUser);
    const double gap = asks ? static_cast<double>(sim::days_until_next_event(
                                  bound, world.streams.uniform(i, day, event::kPhysicianArrival, 1)))
                            : static_cast<double>(INT32_MAX);
    patients.next_request_day.set(
        i, static_cast<std::int32_t>(std::min<double>(static_cast<double>(day) + gap, INT32_MAX)));
  }
}

}  // namespace

void patient_turnover(World& world, std::uint32_t day) {
  const Parameters& p = *world.params;
  const double daily_rate = p.turnover.patient_exit_per_year / kDaysPerYear;
  if (daily_rate <= 0) return;
  const PatientDrawRates rates(p, day);
  for_each_panel(world, [&](std::size_t d) {
    const auto panel = world.panel(d);
    const std::uint32_t size = panel.last - panel.first;
    if (size == 0) return;
    sim::DrawSequence draws(world.streams, static_cast<std::uint32_t>(d), day, event::kPatientExit);
    const int leavers = sim::poisson_from_uniform(daily_rate * size, draws.uniform());
    for (int k = 0; k < leavers; ++k) {
      const auto i = panel.first + std::min(size - 1, static_cast<std::uint32_t>(draws.uniform() * size));
      unlink(world, d, i);
      record_exit(world, d, i, day);
      draw_patient(world, i, d, day, PatientOrigin::kNewcomer, rates);
    }
  });
}

void physician_turnover(World& world, std::uint32_t day) {
  const double daily_probability = sim::daily_probability(world.params->turnover.physician_exit_per_year / kDaysPerYear);
  if (daily_probability <= 0) return;
  // In physician order, so a newcomer copying a colleague sees the same colleagues on any thread count.
  for (std::size_t d = 0; d < world.physicians.size(); ++d) {
    if (world.streams.uniform(static_cast<std::uint32_t>(d), day, event::kPhysicianExit) < daily_probability) {
      replace_physician(world, d, day);
    }
  }
}

}  // namespace rapport::models
