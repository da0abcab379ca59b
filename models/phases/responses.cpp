// Phase 3, responses: each pending request is answered once, by the physician's policy;
// then patients find and follow pages open to the whole panel (open_page).
#include <algorithm>
#include <cmath>

#include "models/mechanisms.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {
namespace {

class ResponsesPhase final : public PanelPhase {
 public:
  std::string_view name() const override { return "responses"; }
  std::string_view summary() const override {
    return "pending requests are answered by policy: decline, accept, or redirect to a page or the portal; "
           "patients follow open pages";
  }

  void step_parts(World& world, std::uint32_t day, std::size_t first, std::size_t last) const override {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    const double p_answer_today = 1.0 / (1.0 + p.requests.response_days);
    const MessageSchedule messages(p);
    const double p_follow_open_page = sim::daily_probability(p.open_page.follow_per_year / 365.0);
    for (std::size_t d = first; d < last; ++d) {
      const PolicyInfo& policy = policy_info(world.physicians.policy[d]);
      // An open page is announced to the whole panel, so it is found whether or not the
      // physician's personal account is.
      if (policy.page_open_to_panel) follow_open_page(world, d, day, p_follow_open_page);
      if (!world.physicians.findable[d]) continue;  // only findable physicians receive requests
      const double explained = decline_penalty_multiplier(p, policy.decline_explanation);
      auto& today = world.physicians.today[d];
      const auto answer = [&](std::uint32_t i) {
        const auto u = world.streams.block(i, day, event::kResponse);
        // A portal user who asked stays on the portal unless accepted (one link per patient).
        const bool portal_user = patients.link[i] == Link::kPortalPending;
        if (sim::RandomStreams::to_unit(u[0]) >= p_answer_today) return;
        float& trust = patients.trust[i];
        const RequestContext request{trust, static_cast<double>(static_cast<std::int64_t>(day) - patients.first_visit_day[i]),
                                     p.responses.selective_min_trust, p.responses.selective_min_relationship_days};
        const Response response = policy.respond(request);
        record_response(world, d, i, day, response);
        switch (response) {
          case Response::kDecline: {
            const double wanting = patients.has(i, kWantsConnection) ? p.trust.rel_decline_wanting : 1.0;
            add_trust(trust, p.trust.decline_silent * wanting * explained);
            patients.link[i] = portal_user ? Link::kPortal : Link::kDeclined;
            patients.flags[i] |= kDeclineOutstanding;
            today[metric("requests_declined")] += 1;
            break;
          }
          case Response::kAccept:
            add_trust(trust, p.trust.accept);
            patients.link[i] = Link::kPersonal;
            world.physicians.personal_friends[d].push_back(i);
            messages.schedule_next(patients, i, day, sim::RandomStreams::to_unit(u[2]));
            today[metric("requests_accepted")] += 1;
            break;
          case Response::kRedirectPage: {
            add_trust(trust, p.trust.redirect_page);
            today[metric("requests_redirected")] += 1;
            if (portal_user) {
              patients.link[i] = Link::kPortal;
              break;
            }
            const bool follows = sim::RandomStreams::to_unit(u[1]) < p.responses.p_follow_page;
            patients.link[i] = follows ? Link::kFollower : Link::kNone;
            if (follows) world.physicians.page_followers[d].push_back(i);
            break;
          }
          case Response::kRedirectPortal: {
            add_trust(trust, p.trust.redirect_portal);
            today[metric("requests_redirected")] += 1;
            if (portal_user) {
              patients.link[i] = Link::kPortal;
              break;
            }
            const double p_enroll = std::min(
                1.0, p.responses.p_enroll_portal * std::exp(p.responses.trust_slope_enroll * (trust - 0.5)));
            patients.link[i] = sim::RandomStreams::to_unit(u[1]) < p_enroll ? Link::kPortal : Link::kNone;
            if (patients.link[i] == Link::kPortal) {
              messages.schedule_next(patients, i, day, sim::RandomStreams::to_unit(u[2]));
            }
            break;
          }
        }
      };
      for_each_equal(patients.link, world.panel(d), Link::kPending, answer);
      if (p.requests.portal_users_ask) for_each_equal(patients.link, world.panel(d), Link::kPortalPending, answer);
    }
  }

 private:
  // Patients of physician d who use social media and have no link follow the open page
  // with probability p_follow each day.
  static void follow_open_page(World& world, std::size_t d, std::uint32_t day, double p_follow) {
    auto& patients = world.patients;
    for_each_equal(patients.link, world.panel(d), Link::kNone, [&](std::uint32_t i) {
      if (!patients.has(i, kSocialMediaUser)) return;
      if (world.streams.uniform(i, day, event::kPageFollow) >= p_follow) return;
      patients.link[i] = Link::kFollower;
      world.physicians.page_followers[d].push_back(i);
    });
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_responses_phase() { return std::make_unique<ResponsesPhase>(); }

}  // namespace rapport::models
