// Posts that identify a patient (MODEL.md 3.5, 3.6): a per-physician behaviour whose rate is
// a trait and whose harm grows with the audience that sees the post.
#include <gtest/gtest.h>

#include <cmath>

#include "models/mechanisms.hpp"
#include "models/phases/phases.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

// One personal post a day (Poisson mean 1), none unprofessional or public-health, so that
// every harm in these runs comes from posts that identify a patient.
test::Overrides one_post_a_day(const test::Overrides& extra = {}) {
  return test::merged(test::merged(test::no_events(), {{"posts.personal_per_week", "7"},
                                                       {"posts.p_unprofessional", "0"},
                                                       {"posts.share_public_health_personal", "0"},
                                                       {"population.physicians", "6"},
                                                       {"population.patients_per_physician", "400"}}),
                      extra);
}

// Makes the first `n` patients of d's panel d's personal friends (or page followers).
void befriend(World& world, std::size_t d, std::size_t n, bool page = false) {
  auto& list = page ? world.physicians.page_followers[d] : world.physicians.personal_friends[d];
  for (std::uint32_t i = world.physicians.panel_begin[d]; list.size() < n; ++i) {
    world.patients.link[i] = page ? Link::kFollower : Link::kPersonal;
    list.push_back(i);
  }
}

void run_posts_and_breaches(World& world, std::uint32_t days) {
  const auto posts = make_public_health_posts_phase();
  const auto breaches = make_breaches_phase();
  for (std::uint32_t day = 0; day < days; ++day) {
    posts->step(world, day);
    breaches->step(world, day);
  }
}

// The trait is 0 for all but a share s of physicians, who post identifying content with
// chance p_v / s per post (at most 1): the mean over physicians is p_v.
TEST(PrivacyViolationTrait, AShareOfPhysiciansCarriesTheWholeMeanRate) {
  const auto p = test::make_parameters({{"posts.p_privacy_violation", "0.005"}, {"posts.share_privacy_violators", "0.1"}});
  const int n = 100000;
  double violators = 0, sum = 0;
  for (int k = 0; k < n; ++k) {
    const float share = privacy_violation_share(p, (k + 0.5) / n);
    if (share > 0) {
      ++violators;
      EXPECT_FLOAT_EQ(share, 0.05f);
    }
    sum += share;
  }
  EXPECT_NEAR(violators / n, 0.1, 1e-9);
  EXPECT_NEAR(sum / n, 0.005, 1e-6);
  const auto capped = test::make_parameters({{"posts.p_privacy_violation", "0.5"}, {"posts.share_privacy_violators", "0.25"}});
  EXPECT_EQ(privacy_violation_share(capped, 0.1), 1.0f);
  const auto nobody = test::make_parameters({{"posts.share_privacy_violators", "0"}});
  EXPECT_EQ(privacy_violation_share(nobody, 1e-9), 0.0f);
}

// Drawn for every physician of a population: the violators' share is within four binomial
// standard errors of posts.share_privacy_violators.
TEST(PrivacyViolationTrait, PopulationDrawsMatchTheShare) {
  const auto p = test::make_parameters(
      test::merged(test::no_events(), {{"population.physicians", "4000"}, {"population.patients_per_physician", "1"}}));
  const Model model(p);  // the world points at the model's parameters
  const World world = model.initial_world(5, 0);
  double violators = 0;
  for (const float share : world.physicians.privacy_violation_share) violators += share > 0;
  const double s = p.posts.share_privacy_violators, n = 4000;
  EXPECT_NEAR(violators / n, s, 4 * std::sqrt(s * (1 - s) / n));
}

// With at least one patient friend, identifying posts (so breaches) happen at
// posts.personal_per_week / 7 · trait · (1 - rules reduction) a day, whatever the audience's
// size: their count over physicians is within four Poisson standard errors of it. A
// physician with no patient friend harms no one.
TEST(PostsIdentifyingAPatient, BreachesPerPhysicianYearAreTheRateTimesTheTrait) {
  for (const bool rules : {false, true}) {
    const auto p = test::make_parameters(one_post_a_day(
        {{rules ? "policy.mix.accept_with_rules" : "policy.mix.accept_all", "1"},
         {"rules.privacy_violation_reduction", "0.4"}}));
    const Model model(p);  // the world points at the model's parameters
    World world = model.initial_world(3, 0);
    const std::array<float, 6> trait = {0.2f, 0.05f, 0.5f, 0.1f, 1.0f, 0.0f};
    const std::array<std::size_t, 6> friends = {1, 40, 300, 2, 0, 50};
    for (std::size_t d = 0; d < 6; ++d) {
      world.physicians.privacy_violation_share[d] = trait[d];
      befriend(world, d, friends[d]);
    }
    const auto trust_before = world.patients.trust;
    const std::uint32_t days = 730;
    run_posts_and_breaches(world, days);
    double expected = 0, observed = 0;
    for (std::size_t d = 0; d < 6; ++d) {
      if (friends[d] == 0 || trait[d] == 0) {
        EXPECT_EQ(world.physicians.breaches[d], 0.0) << "physician " << d;
        continue;
      }
      expected += days * trait[d] * (rules ? 0.6 : 1.0);
      observed += world.physicians.breaches[d];
    }
    EXPECT_NEAR(observed, expected, 4 * std::sqrt(expected)) << (rules ? "with rules" : "without rules");
    // No friends: the trait-1 physician's patients keep their trust.
    for (const auto i : world.panel(4)) ASSERT_EQ(world.patients.trust[i], trust_before[i]) << "patient " << i;
  }
}

// Each identifying post is reported with chance 1 - (1 - r)^(x·n) for n personal friends
// (x = breaches.rel_exposure_personal) and 1 - (1 - r)^n for n page followers: complaints per
// breach are within four binomial standard errors of it, for audiences of 1 and 300.
TEST(PostsIdentifyingAPatient, ReportsGrowWithTheAudience) {
  struct Case {
    std::size_t audience;
    bool page;
  };
  for (const Case c : {Case{1, false}, Case{300, false}, Case{1, true}, Case{300, true}}) {
    const auto p = test::make_parameters(one_post_a_day({{"policy.mix.professional_page", "1"},
                                                        {"posts.personal_per_week", c.page ? "0" : "7"},
                                                        {"posts.page_per_week", c.page ? "7" : "0"},
                                                        {"breaches.p_reported_per_viewer", "0.004"},
                                                        {"breaches.rel_exposure_personal", "2.5"}}));
    const Model model(p);  // the world points at the model's parameters
    World world = model.initial_world(4, 0);
    for (std::size_t d = 0; d < world.physicians.size(); ++d) {
      world.physicians.privacy_violation_share[d] = 1.0f;
      befriend(world, d, c.audience, c.page);
    }
    run_posts_and_breaches(world, 400);
    double breaches = 0, complaints = 0;
    for (std::size_t d = 0; d < world.physicians.size(); ++d) {
      breaches += world.physicians.breaches[d];
      complaints += world.physicians.complaints[d];
    }
    ASSERT_GT(breaches, 2000);
    const double viewers = (c.page ? 1.0 : 2.5) * static_cast<double>(c.audience);
    const double q = 1 - std::pow(1 - 0.004, viewers);
    EXPECT_DOUBLE_EQ(p_post_reported(p, viewers), q);
    EXPECT_NEAR(complaints / breaches, q, 4 * std::sqrt(q * (1 - q) / breaches))
        << c.audience << (c.page ? " followers" : " friends");
  }
}

// Every member of the audience takes the once-only credibility drop at the first identifying
// post, and the patient identified is one of them: the harm reaches n patients, not one.
TEST(PostsIdentifyingAPatient, TheWholeAudienceTakesTheCredibilityDropOnce) {
  const auto p = test::make_parameters(one_post_a_day({{"trust.breach", "0"}, {"trust.breach_word_of_mouth", "0"}}));
  const Model model(p);  // the world points at the model's parameters
  World world = model.initial_world(6, 0);
  for (std::size_t d = 0; d < world.physicians.size(); ++d) {
    world.physicians.privacy_violation_share[d] = 1.0f;
    befriend(world, d, d == 0 ? 1 : 250);
  }
  const auto before = world.patients.trust;
  run_posts_and_breaches(world, 30);  // about 30 identifying posts each, a drop only at the first
  for (std::size_t d = 0; d < world.physicians.size(); ++d) {
    ASSERT_GT(world.physicians.breaches[d], 0.0);
    for (const auto i : world.physicians.personal_friends[d]) {
      ASSERT_TRUE(world.patients.has(i, kSawUnprofessional)) << "patient " << i;
      const float dropped = before[i];
      const double expected = std::max(0.0, static_cast<double>(dropped) + p.trust.unprofessional_content);
      EXPECT_NEAR(world.patients.trust[i], expected, 1e-6) << "patient " << i;
    }
  }
}

}  // namespace
}  // namespace rapport::models
