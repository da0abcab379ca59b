// The initial population matches its parameters: shares within binomial error,
// panels partition the patients, trust starts at baseline.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "models/model.hpp"
#include "models/population.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

// |observed share - p| within 4 binomial standard deviations.
void expect_share(double hits, double n, double p, const std::string& what) {
  ASSERT_GT(n, 0) << what;
  EXPECT_NEAR(hits / n, p, 4 * std::sqrt(p * (1 - p) / n) + 1e-12) << what << " (n = " << n << ")";
}

class LargePopulation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    params_ = new Parameters(test::make_parameters({{"population.physicians", "20"},
                                                    {"population.patients_per_physician", "1500"},
                                                    {"population.p_portal_user", "0.35"},
                                                    {"population.p_chronic", "0.45"},
                                                    {"population.p_high_trust", "0.55"}}));
    model_ = new Model(*params_);
    world_ = new World(model_->initial_world(123, 0));  // points at the model's parameters
  }
  static void TearDownTestSuite() {
    delete world_;
    delete model_;
    delete params_;
  }
  static Parameters* params_;
  static Model* model_;
  static World* world_;
};
Parameters* LargePopulation::params_ = nullptr;
Model* LargePopulation::model_ = nullptr;
World* LargePopulation::world_ = nullptr;

TEST_F(LargePopulation, AgeSharesMatchTheParameters) {
  const auto& patients = world_->patients;
  std::array<double, kAgeGroupCount> count{};
  for (std::size_t i = 0; i < patients.size(); ++i) count[patients.age_group[i]] += 1;
  for (std::size_t g = 0; g < kAgeGroupCount; ++g) {
    expect_share(count[g], static_cast<double>(patients.size()), params_->population.share_age[g],
                 "age share " + std::string(kAgeGroupNames[g]));
  }
}

TEST_F(LargePopulation, SocialMediaUseByAgeMatchesTheParameters) {
  const auto& patients = world_->patients;
  std::array<double, kAgeGroupCount> users{}, all{};
  for (std::size_t i = 0; i < patients.size(); ++i) {
    all[patients.age_group[i]] += 1;
    users[patients.age_group[i]] += patients.has(i, kSocialMediaUser);
  }
  for (std::size_t g = 0; g < kAgeGroupCount; ++g) {
    expect_share(users[g], all[g], params_->population.p_social_media[g],
                 "social media " + std::string(kAgeGroupNames[g]));
  }
}

TEST_F(LargePopulation, PortalChronicAndHighTrustSharesMatchTheParameters) {
  const auto& patients = world_->patients;
  const auto n = static_cast<double>(patients.size());
  double portal = 0, chronic = 0, high = 0;
  const double cut = (params_->trust.baseline_high + params_->trust.baseline_low) / 2;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    portal += patients.link[i] == Link::kPortal;
    chronic += patients.has(i, kChronic);
    high += patients.baseline_trust[i] > cut;
  }
  expect_share(portal, n, 0.35, "portal users");
  expect_share(chronic, n, 0.45, "chronic");
  expect_share(high, n, 0.55, "high baseline trust");
}

// Each of the 256 propensity levels is equally likely, whatever the patient's chronic status.
TEST_F(LargePopulation, AdherencePropensityLevelsAreUniform) {
  const auto& patients = world_->patients;
  std::array<double, 4> quarter{}, chronic_quarter{};
  double chronic = 0;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    quarter[patients.adherence_propensity[i] / 64] += 1;
    if (patients.has(i, kChronic)) {
      chronic_quarter[patients.adherence_propensity[i] / 64] += 1;
      chronic += 1;
    }
  }
  for (std::size_t q = 0; q < 4; ++q) {
    expect_share(quarter[q], static_cast<double>(patients.size()), 0.25, "propensity quarter " + std::to_string(q));
    expect_share(chronic_quarter[q], chronic, 0.25, "chronic propensity quarter " + std::to_string(q));
  }
}

TEST_F(LargePopulation, WantingALinkFollowsTheOddsRatioForOlderPatients) {
  const auto& patients = world_->patients;
  const double p_young = params_->population.p_wants_connection;
  const double odds_old = p_young / (1 - p_young) * params_->population.or_wants_connection_50_plus;
  double young = 0, young_want = 0, old = 0, old_want = 0;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    const bool is_old = patients.age_group[i] >= 2;
    (is_old ? old : young) += 1;
    (is_old ? old_want : young_want) += patients.has(i, kWantsConnection);
  }
  expect_share(young_want, young, p_young, "wants link, under 50");
  expect_share(old_want, old, odds_old / (1 + odds_old), "wants link, 50+");
}

TEST_F(LargePopulation, TrustStartsAtBaselineWithinTheGroupSpreads) {
  const auto& patients = world_->patients;
  const auto& t = params_->trust;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    const double b = patients.baseline_trust[i];
    ASSERT_EQ(patients.trust[i], patients.baseline_trust[i]);
    const bool in_high = std::abs(b - t.baseline_high) <= t.baseline_spread + 1e-6;
    const bool in_low = std::abs(b - t.baseline_low) <= t.baseline_spread + 1e-6;
    ASSERT_TRUE(in_high || in_low) << "baseline " << b;
    ASSERT_GE(patients.privacy_concern[i], 0.0f);
    ASSERT_LE(patients.privacy_concern[i], 1.0f);
    ASSERT_LE(patients.first_visit_day[i], patients.last_visit_day[i]);
    ASSERT_LE(patients.last_visit_day[i], 0);
    ASSERT_GE(patients.next_visit_day[i], 0);
    ASSERT_EQ(patients.exposure[i], 0.0f);
  }
}

TEST_F(LargePopulation, PanelsPartitionThePatients) {
  const auto& doctors = world_->physicians;
  ASSERT_EQ(doctors.size(), 20u);
  EXPECT_EQ(doctors.panel_begin.front(), 0u);
  EXPECT_EQ(doctors.panel_begin.back(), world_->patients.size());
  EXPECT_EQ(world_->patients.size(), 20u * 1500u);
  EXPECT_TRUE(std::is_sorted(doctors.panel_begin.begin(), doctors.panel_begin.end()));
  // Panel sizes are proportional to the specialty's relative panel size (rounding aside).
  double weight_sum = 0;
  for (std::size_t d = 0; d < doctors.size(); ++d) {
    weight_sum += params_->physicians.rel_panel_size[static_cast<std::size_t>(doctors.specialty[d])];
  }
  for (std::size_t d = 0; d < doctors.size(); ++d) {
    const double weight = params_->physicians.rel_panel_size[static_cast<std::size_t>(doctors.specialty[d])];
    const double exact = 30000.0 * weight / weight_sum;
    EXPECT_LE(std::abs(static_cast<double>(world_->panel_end(d) - doctors.panel_begin[d]) - exact), 1.0) << d;
  }
  EXPECT_EQ(world_->friends->n_nodes(), world_->patients.size());
}

TEST(PhysicianPopulation, SpecialtyAndPresenceSharesMatchTheParameters) {
  const auto p = test::make_parameters({{"population.physicians", "4000"},
                                        {"population.patients_per_physician", "3"},
                                        {"network.mean_degree", "2"},
                                        {"physicians.p_personal_presence", "0.416"}});
  World world(p, 99, 0);
  initialise_physicians(world);
  const auto& doctors = world.physicians;
  std::array<double, kSpecialtyCount> count{};
  double findable = 0;
  for (std::size_t d = 0; d < doctors.size(); ++d) {
    count[static_cast<std::size_t>(doctors.specialty[d])] += 1;
    findable += doctors.findable[d];
    ASSERT_GE(doctors.visit_quality[d], p.physicians.visit_quality_min - 1e-6);
    ASSERT_LE(doctors.visit_quality[d], p.physicians.visit_quality_max + 1e-6);
  }
  for (std::size_t s = 0; s < kSpecialtyCount; ++s) {
    expect_share(count[s], 4000, p.physicians.share_specialty[s], std::string(kSpecialtyNames[s]));
  }
  expect_share(findable, 4000, 0.416, "personal presence");
}

TEST(Population, SameSeedAndReplicateGiveTheSameWorld) {
  const auto p = test::make_parameters();
  const Model model(p);
  const auto a = model.initial_world(8, 2);
  const auto b = model.initial_world(8, 2);
  const auto c = model.initial_world(8, 3);
  EXPECT_EQ(a.patients.trust, b.patients.trust);
  EXPECT_EQ(a.patients.flags, b.patients.flags);
  EXPECT_EQ(a.physicians.policy, b.physicians.policy);
  EXPECT_NE(a.patients.baseline_trust, c.patients.baseline_trust);
}

}  // namespace
}  // namespace rapport::models
