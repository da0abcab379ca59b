// Phase 2, friend requests: eligible social-media users of a findable physician
// send requests at a hazard that peaks after a visit and rises with trust.
#include <cmath>

#include "models/mechanisms.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {

namespace {

class FriendRequestsPhase final : public DayPhase {
 public:
  std::string_view name() const override { return "friend_requests"; }
  std::string_view summary() const override {
    return "social-media users with no link ask their findable physician; hazard peaks after visits";
  }

  void step(World& world, std::uint32_t day) const override {
    const Parameters& p = *world.params;
    if (p.requests.rate_per_year <= 0) return;
    auto& patients = world.patients;
    const auto cooldown = static_cast<std::int64_t>(p.requests.cooldown_days);
    // No patient's hazard exceeds this bound (trust in [0,1], boost at its peak), so a draw
    // above it rules out a request without evaluating the hazard; the outcome is unchanged.
    const double p_bound = sim::daily_probability(request_hazard(p, true, p.requests.trust_slope >= 0 ? 1.0 : 0.0, 0.0, 0.0));
    for_each_panel(world, [&](std::size_t d) {
      if (!world.physicians.findable[d]) return;  // no presence, nothing to find
      auto& today = world.physicians.today[d];
      for (std::uint32_t i = world.physicians.panel_begin[d]; i < world.panel_end(d); ++i) {
        const Link link = patients.link[i];
        if (!patients.has(i, kSocialMediaUser) || (link != Link::kNone && link != Link::kDeclined)) continue;
        if (static_cast<std::int64_t>(day) - patients.last_request_day[i] < cooldown) continue;
        const double u = world.streams.uniform(i, day, sim::Event::kFriendRequest);
        if (u >= p_bound) continue;
        const double days_since_visit = static_cast<double>(static_cast<std::int64_t>(day) - patients.last_visit_day[i]);
        const double hazard = request_hazard(p, patients.has(i, kWantsConnection), patients.trust[i],
                                             patients.privacy_concern[i], days_since_visit);
        if (u >= sim::daily_probability(hazard)) continue;
        patients.link[i] = Link::kPending;
        patients.last_request_day[i] = static_cast<std::int32_t>(day);
        today[Tally::kRequests] += 1;
        world.physicians.requests_received[d] += 1;
      }
    });
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_friend_requests_phase() { return std::make_unique<FriendRequestsPhase>(); }

}  // namespace rapport::models
