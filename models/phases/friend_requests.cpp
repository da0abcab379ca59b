// Phase 2, friend requests: eligible social-media users of a findable physician
// send requests at a hazard that peaks after a visit and rises with trust; portal
// users are eligible when requests.portal_users_ask is set.
// Candidate days are scheduled ahead at the largest possible hazard and thinned,
// so a day without one costs a comparison.
#include <algorithm>
#include <climits>
#include <cmath>

#include "models/mechanisms.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {
namespace {

class FriendRequestsPhase final : public PanelPhase {
 public:
  std::string_view name() const override { return "friend_requests"; }
  std::string_view summary() const override {
    return "social-media users with no link (and, as an option, portal users) ask their findable physician; "
           "hazard peaks after visits";
  }

  void step_parts(World& world, std::uint32_t day, std::size_t first, std::size_t last) const override {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    const auto cooldown = static_cast<std::int64_t>(p.requests.cooldown_days);
    const double bound = request_hazard_bound(p);
    const double p_bound = sim::daily_probability(bound);
    const auto today_index = static_cast<std::int32_t>(day);
    for (std::size_t d = first; d < last; ++d) {
      auto& today = world.physicians.today[d];
      for_each_due(patients.next_request_day, world, d, last, day, event::kFriendRequest,
                   [&](std::uint32_t i, const sim::RandomStreams::Block& u) {
        const std::int64_t gap = sim::days_until_next_event(bound, sim::RandomStreams::to_unit(u[1]));
        patients.next_request_day.set(i, static_cast<std::int32_t>(std::min<std::int64_t>(day + 1 + gap, INT32_MAX)));
        const Link link = patients.link[i];
        const bool portal_user_asks = link == Link::kPortal && p.requests.portal_users_ask;
        if (link != Link::kNone && link != Link::kDeclined && !portal_user_asks) return;
        if (static_cast<std::int64_t>(day) - patients.last_request_day[i] < cooldown) return;
        // On a candidate day a request happens with probability p(hazard) / p(bound).
        const double days_since_visit = static_cast<double>(static_cast<std::int64_t>(day) - patients.last_visit_day[i]);
        const double hazard = request_hazard(p, patients.has(i, kWantsConnection), patients.trust[i],
                                             patients.privacy_concern[i], days_since_visit);
        if (sim::RandomStreams::to_unit(u[0]) * p_bound >= sim::daily_probability(hazard)) return;
        if (!p.requests.enabled) {
          // No one asks: keep the first request the patient would have sent, for the cohort.
          if (!world.requesters.has_current(d, i)) record_request(world, d, i, day, RequestOutcome::kNotAsked);
          return;
        }
        record_request(world, d, i, day, RequestOutcome::kPending);
        patients.link[i] = portal_user_asks ? Link::kPortalPending : Link::kPending;
        patients.last_request_day[i] = today_index;
        today[metric("friend_requests")] += 1;
        world.physicians.requests_received[d] += 1;
      }, [&](std::uint32_t i) { prefetch_event_columns(patients, i); });
    }
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_friend_requests_phase() { return std::make_unique<FriendRequestsPhase>(); }

}  // namespace rapport::models
