// The personal channel's own rules (MODEL.md 3.4, 3.5): what personal friends see in
// the physician's posts, and that personal-channel answers are the physician's own time.
#include <gtest/gtest.h>

#include <cmath>

#include "models/mechanisms.hpp"
#include "models/phases/phases.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

// Makes every patient of physician d a personal friend, as an accepted request would.
void befriend_panel(World& world, std::size_t d) {
  for (const auto i : world.panel(d)) {
    world.patients.link[i] = Link::kPersonal;
    world.physicians.personal_friends[d].push_back(i);
  }
}

test::Overrides posts_only(const test::Overrides& extra) {
  return test::merged(test::merged(test::no_events(), {{"posts.personal_per_week", "70"},
                                                      {"posts.p_privacy_violation", "0"},
                                                      {"posts.share_public_health_personal", "0"}}),
                      extra);
}

TEST(PersonalPosts, UnprofessionalContentLowersEachFriendsTrustOnceNotAtEveryPost) {
  const auto p = test::make_parameters(posts_only({{"posts.p_unprofessional", "1"},
                                                   {"trust.unprofessional_content", "-0.11"}}));
  const Model model(p);
  World world = model.initial_world(3, 0);
  befriend_panel(world, 0);
  const auto start = world.patients.trust;
  const auto phase = make_public_health_posts_phase();
  double posts = 0;
  for (std::uint32_t day = 0; day < 5; ++day) {
    world.physicians.today[0] = {};
    phase->step(world, day);
    posts += world.physicians.today[0][metric("unprofessional_posts")];
  }
  ASSERT_GT(posts, 1.0);  // several unprofessional posts were seen, yet each friend lost trust once
  for (const auto i : world.panel(0)) {
    EXPECT_NEAR(world.patients.trust[i], std::max(0.0, start[i] - 0.11), 1e-6) << "patient " << i;
  }
  for (std::uint32_t i = world.panel_end(0); i < world.patients.size(); ++i) {
    EXPECT_EQ(world.patients.trust[i], start[i]) << "patient " << i << " is no friend";
  }
}

TEST(PersonalPosts, BenignPostsRaiseEveryFriendsTrustByTheSameMultiple) {
  const auto p = test::make_parameters(posts_only({{"posts.p_unprofessional", "0"},
                                                   {"trust.benign_personal_post", "0.002"}}));
  const Model model(p);
  World world = model.initial_world(4, 0);
  befriend_panel(world, 1);
  const auto start = world.patients.trust;
  const auto phase = make_public_health_posts_phase();
  for (std::uint32_t day = 0; day < 3; ++day) phase->step(world, day);
  // Every friend saw the same posts; those not at the ceiling gained 0.002 per post.
  const auto first = world.panel(1).first;
  const double posts_seen = std::round((world.patients.trust[first] - start[first]) / 0.002);
  ASSERT_GT(posts_seen, 0.0);
  for (const auto i : world.panel(1)) {
    EXPECT_NEAR(world.patients.trust[i], std::min(1.0, start[i] + 0.002 * posts_seen), 1e-5) << "patient " << i;
  }
}

// Personal-channel answers never enter the portal queue: with only personal messages,
// no backlog or portal overtime forms, every message minute is after hours, and the
// smoothed after-hours load raises burnout risk above its baseline.
TEST(PersonalMessages, AreAnsweredInThePhysiciansOwnTimeNotPortalCapacity) {
  const auto p = test::make_parameters(test::merged(test::no_events(), {{"messages.personal_per_year", "365"},
                                                                       {"messages.minutes_per_message", "30"},
                                                                       {"physicians.minutes_available_per_day", "1"}}));
  const Model model(p);
  World world = model.initial_world(5, 0);
  const MessageSchedule schedule(p);
  for (std::size_t d = 0; d < world.physicians.size(); ++d) befriend_panel(world, d);
  for (std::uint32_t i = 0; i < world.patients.size(); ++i) schedule.schedule_next(world.patients, i, 0, 0.5);
  const auto phase = make_messages_phase();
  for (std::uint32_t day = 0; day < 20; ++day) {
    phase->step(world, day);
    for (auto& messages : world.physicians.messages_today) messages.clear();  // the breaches phase's job
  }
  const auto& doctors = world.physicians;
  double minutes = 0;
  for (std::size_t d = 0; d < doctors.size(); ++d) {
    EXPECT_EQ(doctors.backlog_minutes[d], 0.0);
    EXPECT_EQ(doctors.overtime_total[d], 0.0);
    EXPECT_NEAR(doctors.after_hours_total[d], doctors.minutes_total[d], 1e-9);
    EXPECT_GT(burnout_risk(p, burnout_excess(p, doctors.after_hours_load[d])), p.physicians.burnout_baseline);
    minutes += doctors.minutes_total[d];
  }
  EXPECT_GT(minutes, 20.0 * static_cast<double>(doctors.size()) * p.physicians.minutes_available_per_day);
}

}  // namespace
}  // namespace rapport::models
