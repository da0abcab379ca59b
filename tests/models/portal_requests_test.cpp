// Portal users may ask too (requests.portal_users_ask, MODEL.md 3.2, 3.3): at the same
// hazard as patients without a link, keeping the portal while the request is pending and
// returning to it unless accepted.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "models/phases/phases.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

using test::metric;
using models::metric;

// A constant hazard r/365 for every eligible patient: no visits, no after-visit peak, no
// trust or privacy effect, wanting or not alike; every physician findable.
test::Overrides constant_hazard(const char* portal_users_ask, const test::Overrides& extra = {}) {
  return test::merged(test::merged(test::no_events(), {{"requests.rate_per_year", "2"},
                                                       {"requests.rel_after_visit", "0"},
                                                       {"requests.trust_slope", "0"},
                                                       {"requests.rel_privacy_concern", "0"},
                                                       {"requests.rel_not_wanting", "1"},
                                                       {"requests.portal_users_ask", portal_users_ask},
                                                       {"physicians.p_personal_presence", "1"},
                                                       {"population.physicians", "10"},
                                                       {"population.patients_per_physician", "400"}}),
                      extra);
}

// Declined (decline_all) and never asking again (a cooldown of a century), each patient asks
// at most once: after n days the share of social-media portal users who asked is
// 1 - exp(-r n / 365), within four binomial standard errors; they stay portal users (pending
// or back on the portal) and each is one row of the requester table marked portal_user.
// With the option off none asks.
TEST(PortalUsersAsk, RequestShareFollowsTheClosedFormAndTheTableRecordsThem) {
  for (const bool option : {true, false}) {
    const auto p = test::make_parameters(constant_hazard(
        option ? "true" : "false",
        {{"requests.cooldown_days", "36500"}, {"policy.mix.decline_all", "1"}, {"run.days", "150"}}));
    const Model model(p);
    World world = model.initial_world(12, 0);
    std::vector<bool> portal_user(world.patients.size());
    double eligible = 0;
    for (std::size_t i = 0; i < world.patients.size(); ++i) {
      portal_user[i] = world.patients.link[i] == Link::kPortal && world.patients.has(i, kSocialMediaUser);
      eligible += portal_user[i];
    }
    ASSERT_GT(eligible, 1000);
    const auto days = static_cast<std::uint32_t>(p.run.days);
    sim::DailySeries series(kMetricCount, days);
    for (std::uint32_t t = 0; t < days; ++t) model.advance_day(world, t, series);
    double pending = 0;
    for (std::size_t i = 0; i < world.patients.size(); ++i) {
      const Link link = world.patients.link[i];
      pending += link == Link::kPending || link == Link::kPortalPending;
      if (portal_user[i]) {
        ASSERT_TRUE(link == Link::kPortal || link == Link::kPortalPending) << "patient " << i;
      }
    }
    // Pending portal users count as pending requests.
    EXPECT_EQ(metric(series, metric("requests_pending"), days - 1), pending);
    const RequesterTable table = requester_table(world);
    std::vector<int> rows_of(world.patients.size(), 0);
    double asked = 0;
    for (std::size_t r = 0; r < table.patient.size(); ++r) {
      const auto i = static_cast<std::size_t>(table.patient[r]);
      EXPECT_EQ(table.portal_user[r] == 1, portal_user[i]) << "row " << r;
      ASSERT_EQ(++rows_of[i], 1) << "patient " << i << " asked twice";
      asked += table.portal_user[r];
    }
    if (!option) {
      EXPECT_EQ(asked, 0.0);
      continue;
    }
    const double expected = 1 - std::exp(-2.0 * days / 365.0);
    EXPECT_NEAR(asked / eligible, expected, 4 * std::sqrt(expected * (1 - expected) / eligible)) << asked;
  }
}

// Answered the day they ask: accept_all makes portal users personal friends; under
// decline_all, secure_portal and professional_page they go back to the portal (a decline
// is outstanding after decline_all), and no one becomes a page follower.
TEST(PortalUsersAsk, OnlyAnAcceptTakesAPortalUserOffThePortal) {
  for (const char* policy : {"accept_all", "decline_all", "secure_portal", "professional_page"}) {
    const auto p = test::make_parameters(constant_hazard("true", {{"requests.response_days", "0"},
                                                                   {"run.days", "120"},
                                                                   {"responses.p_follow_page", "1"},
                                                                   {std::string("policy.mix.") + policy, "1"}}));
    const Model model(p);
    World world = model.initial_world(13, 0);
    std::vector<bool> portal_user(world.patients.size());
    for (std::size_t i = 0; i < world.patients.size(); ++i) portal_user[i] = world.patients.link[i] == Link::kPortal;
    const auto days = static_cast<std::uint32_t>(p.run.days);
    sim::DailySeries series(kMetricCount, days);
    for (std::uint32_t t = 0; t < days; ++t) model.advance_day(world, t, series);
    const RequesterTable table = requester_table(world);
    std::size_t asked = 0;
    for (std::size_t r = 0; r < table.patient.size(); ++r) {
      if (table.portal_user[r] != 1) continue;
      ++asked;
      const auto i = static_cast<std::size_t>(table.patient[r]);
      const Link link = world.patients.link[i];
      if (std::string_view(policy) == "accept_all") {
        EXPECT_EQ(link, Link::kPersonal) << "patient " << i;
      } else {
        EXPECT_EQ(link, Link::kPortal) << policy << " patient " << i;
      }
      // No visits in these runs, so a decline stays outstanding.
      if (std::string_view(policy) == "decline_all") {
        EXPECT_TRUE(world.patients.has(i, kDeclineOutstanding)) << i;
      }
    }
    EXPECT_GT(asked, 100u) << policy;
  }
}

}  // namespace
}  // namespace rapport::models
