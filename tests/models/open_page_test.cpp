// The page open to the whole panel (open_page, MODEL.md 3.3, 3.4): patients who use social
// media follow it at a constant rate without asking, and its upkeep is after-hours work.
#include <gtest/gtest.h>

#include <cmath>

#include "models/mechanisms.hpp"
#include "models/phases/phases.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

// With no requests, a patient who uses social media and has no link follows on each day
// with probability 1 - exp(-r/365), so after n days the followers' share of them is
// 1 - exp(-r n / 365): within four binomial standard errors of it, and no one else follows.
TEST(OpenPage, FollowersApproachTheClosedFormShareOfSocialMediaUsersWithoutALink) {
  const auto p = test::make_parameters(test::merged(test::no_events(), {{"policy.mix.open_page", "1"},
                                                                       {"open_page.follow_per_year", "1.5"},
                                                                       {"population.physicians", "12"},
                                                                       {"population.patients_per_physician", "400"}}));
  const Model model(p);
  World world = model.initial_world(8, 0);
  const auto& patients = world.patients;
  std::vector<bool> eligible(patients.size());
  double n_eligible = 0;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    eligible[i] = patients.has(i, kSocialMediaUser) && patients.link[i] == Link::kNone;
    n_eligible += eligible[i];
  }
  ASSERT_GT(n_eligible, 500);
  const auto phase = make_responses_phase();
  const std::uint32_t days = 120;
  for (std::uint32_t day = 0; day < days; ++day) phase->step(world, day);
  double followers = 0, listed = 0;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    if (patients.link[i] == Link::kFollower) {
      ASSERT_TRUE(eligible[i]) << "patient " << i << " followed without using social media or had a link";
      ++followers;
    }
  }
  for (const auto& page : world.physicians.page_followers) listed += static_cast<double>(page.size());
  EXPECT_EQ(listed, followers);
  const double expected = 1.0 - std::exp(-1.5 * days / 365.0);
  EXPECT_NEAR(followers / n_eligible, expected, 4 * std::sqrt(expected * (1 - expected) / n_eligible))
      << followers << " of " << n_eligible;
}

// Upkeep is the weekly minutes of the physician's page / 7 a day (open_page and
// professional_page each have their own): over n days, n / 7 weeks times the weekly minutes,
// and the smoothed after-hours load follows a (1 - exp(-n / w)).
TEST(OpenPage, UpkeepMinutesAreWeeksTimesTheWeeklyMinutesAndLoadTheAfterHours) {
  const auto p = test::make_parameters(test::merged(test::no_events(), {{"policy.mix.open_page", "0.5"},
                                                                       {"policy.mix.professional_page", "0.5"},
                                                                       {"open_page.upkeep_minutes_per_week", "84"},
                                                                       {"professional_page.upkeep_minutes_per_week", "21"}}));
  const Model model(p);
  World world = model.initial_world(9, 0);
  const auto phase = make_messages_phase();
  const std::uint32_t days = 70;
  std::vector<double> upkeep(world.physicians.size(), 0.0);
  for (std::uint32_t day = 0; day < days; ++day) {
    for (auto& today : world.physicians.today) today = {};
    phase->step(world, day);
    for (std::size_t d = 0; d < upkeep.size(); ++d) upkeep[d] += world.physicians.today[d][metric("page_upkeep_minutes")];
  }
  const double w = p.physicians.after_hours_window_days;
  std::size_t open = 0;
  for (std::size_t d = 0; d < upkeep.size(); ++d) {
    const bool open_to_panel = policy_info(world.physicians.policy[d]).page_open_to_panel;
    open += open_to_panel;
    const double weekly = open_to_panel ? 84.0 : 21.0;
    EXPECT_NEAR(upkeep[d], days / 7.0 * weekly, 1e-9) << "physician " << d;
    EXPECT_NEAR(world.physicians.after_hours_load[d], weekly / 7.0 * (1 - std::exp(-static_cast<double>(days) / w)),
                1e-9)
        << "physician " << d;
    EXPECT_EQ(world.physicians.after_hours_total[d], 0.0) << "upkeep is not message time";
  }
  EXPECT_EQ(open, upkeep.size() / 2);
}

}  // namespace
}  // namespace rapport::models
