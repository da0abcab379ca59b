#include "analysis/decision/net_benefit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace rapport::analysis {
namespace {

// Policy 0 does nothing; policy 1 gains 1 health unit at a cost of 10, 20, 30 or 40 (one per
// draw); policy 2 gains 2 for 60 in every draw.
HealthAndCost hand_built() {
  HealthAndCost outcomes;
  outcomes.health = {4, 3, {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}};
  outcomes.cost = {4, 3, {0, 10, 60, 0, 20, 60, 0, 30, 60, 0, 40, 60}};
  return outcomes;
}

TEST(NetBenefit, WeightsTurnOutcomesIntoHealthAndCost) {
  // One draw, two policies, outcomes (adherence-years, hours): health 0.5 per adherence-year,
  // 80 per hour.
  const std::vector<OutcomeWeight> weights{{"adherence_years", 0.5, 0.0}, {"hours", 0.0, 80.0}};
  const std::vector<double> outcomes{10.0, 2.0, 12.0, 3.5};
  const auto weighed = weigh_outcomes(outcomes, 1, 2, weights);
  EXPECT_EQ(weighed.health.values, (std::vector<double>{5.0, 6.0}));
  EXPECT_EQ(weighed.cost.values, (std::vector<double>{160.0, 280.0}));
  EXPECT_EQ(net_benefit(weighed, 100.0).values, (std::vector<double>{340.0, 320.0}));
}

TEST(NetBenefit, AcceptabilityCurvesAndFrontierOnAHandBuiltExample) {
  const std::vector<double> wtp{0.0, 15.0, 36.0, 100.0};
  const auto curves = acceptability_curves(hand_built(), wtp);
  // wtp 15: NB1 = 5, -5, -15, -25 and NB2 = -30: policy 1 best in draw 0 only.
  // wtp 36: NB1 = 26, 16, 6, -4 and NB2 = 12: policy 1 best in draws 0-1, policy 2 in 2-3;
  //         mean NB1 = 11 < 12, so the frontier follows policy 2.
  const std::vector<double> expected{1.0,  0.0, 0.0,  // wtp 0
                                     0.75, 0.25, 0.0,  // wtp 15
                                     0.0,  0.5, 0.5,   // wtp 36
                                     0.0,  0.0, 1.0};  // wtp 100
  EXPECT_EQ(curves.probability_best.values, expected);
  EXPECT_EQ(curves.frontier_policy, (std::vector<std::size_t>{0, 0, 2, 2}));
  EXPECT_EQ(curves.frontier_probability, (std::vector<double>{1.0, 0.75, 0.5, 1.0}));
  // EVPI = mean of the per-draw maximum minus the best mean.
  EXPECT_DOUBLE_EQ(curves.evpi[0], 0.0);
  EXPECT_DOUBLE_EQ(curves.evpi[1], (5.0 + 0 + 0 + 0) / 4.0 - 0.0);
  EXPECT_DOUBLE_EQ(curves.evpi[2], (26.0 + 16.0 + 12.0 + 12.0) / 4.0 - 12.0);
  EXPECT_DOUBLE_EQ(curves.evpi[3], 0.0);
}

TEST(NetBenefit, TheFrontierFollowsExpectedNetBenefitNotTheMostProbablyBest) {
  // Policy 1 wins three draws out of four but loses heavily in the fourth.
  const sim::Matrix nb{4, 2, {0, -100, 0, 1, 0, 1, 0, 1}};
  const auto summary = summarize_decision(nb);
  EXPECT_EQ(summary.optimal, 0u);
  EXPECT_DOUBLE_EQ(summary.policies[0].probability_best, 0.25);
  EXPECT_DOUBLE_EQ(summary.policies[1].probability_best, 0.75);
  EXPECT_DOUBLE_EQ(summary.policies[1].expected.mean, -97.0 / 4.0);
  EXPECT_DOUBLE_EQ(summary.evpi, 0.75);
}

TEST(NetBenefit, PoliciesTiedForBestShareTheDraw) {
  const sim::Matrix nb{2, 3, {1, 1, 0, 0, 2, 2}};
  EXPECT_EQ(probability_best(nb), (std::vector<double>{0.25, 0.5, 0.25}));
}

TEST(NetBenefit, EvpiOfNormalNetBenefitsMatchesTheClosedForm) {
  // NB0 ~ N(10, 3^2), NB1 ~ N(11, 4^2) independent: D = NB1 - NB0 ~ N(m = 1, s = 5) and
  // EVPI = E[max(NB0, NB1)] - max(mu) = mu0 + m Phi(m/s) + s phi(m/s) - mu1.
  constexpr std::size_t kDraws = 200000;
  std::mt19937_64 generator(11);
  std::normal_distribution<double> nb0(10.0, 3.0);
  std::normal_distribution<double> nb1(11.0, 4.0);
  sim::Matrix nb{kDraws, 2, {}};
  for (std::size_t d = 0; d < kDraws; ++d) {
    nb.values.push_back(nb0(generator));
    nb.values.push_back(nb1(generator));
  }
  const double m = 1.0;
  const double s = 5.0;
  const double z = m / s;
  const double phi = std::exp(-z * z / 2.0) / std::sqrt(2.0 * std::numbers::pi);
  const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
  const double closed_form = 10.0 + m * cdf + s * phi - 11.0;
  const auto summary = summarize_decision(nb);
  // The Monte Carlo error of the mean of max is about 4 / sqrt(N) = 0.009.
  EXPECT_NEAR(summary.evpi, closed_form, 0.04);
  EXPECT_EQ(summary.optimal, 1u);
  EXPECT_NEAR(summary.policies[1].probability_best, cdf, 0.005);
  EXPECT_NEAR(summary.policies[1].draws_low, 11.0 - 1.959964 * 4.0, 0.1);
  // The interval of the expected value is the Monte Carlo one: +-1.96 sd / sqrt(N).
  const auto& expected = summary.policies[1].expected;
  EXPECT_NEAR(expected.ci_high - expected.ci_low, 2.0 * 1.959964 * 4.0 / std::sqrt(double{kDraws}), 1e-3);
}

}  // namespace
}  // namespace rapport::analysis
