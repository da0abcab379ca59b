// The ABC core on toy simulators whose posteriors are known in closed form, its
// distance and posterior summaries, and bit-for-bit independence of the thread count.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <numbers>

#include "analysis/calibration/abc.hpp"
#include "sim/random.hpp"

namespace rapport::analysis::calibration {
namespace {

// A standard normal from the simulator's own seed (Box-Muller on a counter-based stream).
double normal_from_seed(std::uint64_t seed, std::uint32_t index = 0) {
  const sim::RandomStreams streams(seed, 0);
  sim::DrawSequence draws(streams, index, 0, sim::Event::kCalibration);
  const double radius = std::sqrt(-2.0 * std::log(draws.uniform()));
  return radius * std::cos(2.0 * std::numbers::pi * draws.uniform());
}

// Observing s = theta + N(0, 1) at s = 2 under a flat prior on [-10, 10] gives a posterior
// that is N(2, 1) up to a negligible truncation; ABC with threshold e adds about e^2/3 to
// the variance, so a small threshold should recover mean 2 and sd close to 1.
Problem normal_mean_problem() {
  Problem problem;
  problem.priors = {{Prior::Kind::kUniform, -10.0, 10.0}};
  problem.targets = {2.0};
  problem.scales = {1.0};
  problem.simulate = [](const std::vector<double>& theta, std::uint64_t seed) {
    return std::vector<double>{theta[0] + normal_from_seed(seed)};
  };
  return problem;
}

TEST(Abc, RejectionRecoversTheAnalyticPosteriorOfANormalMean) {
  Settings settings;
  settings.method = Method::kRejection;
  settings.samples = 40000;
  settings.accept = 0.01;  // about a threshold of 0.1
  settings.seed = 11;
  const auto result = run_abc(normal_mean_problem(), settings);
  ASSERT_EQ(result.accepted.rows, 400u);
  EXPECT_EQ(result.proposals.rows, 40000u);
  EXPECT_LT(result.generations.front().epsilon, 0.15);
  const auto summary = summarize_posterior(result.accepted, result.weights);
  // Monte Carlo error of a mean of 400 draws of sd 1 is 0.05.
  EXPECT_NEAR(summary[0].mean, 2.0, 0.15);
  EXPECT_NEAR(summary[0].sd, 1.0, 0.1);
  EXPECT_NEAR(summary[0].q025, 2.0 - 1.96, 0.3);
  EXPECT_NEAR(summary[0].q975, 2.0 + 1.96, 0.3);
}

TEST(Abc, SequentialMonteCarloRecoversTheSamePosteriorWithFewerSimulations) {
  Settings settings;
  settings.method = Method::kSmc;
  settings.samples = 500;
  settings.accept = 0.5;
  settings.generations = 6;
  settings.seed = 12;
  const auto result = run_abc(normal_mean_problem(), settings);
  ASSERT_EQ(result.generations.size(), 6u);
  EXPECT_FALSE(result.stopped_early);
  for (std::size_t g = 1; g < result.generations.size(); ++g) {
    EXPECT_LE(result.generations[g].epsilon, result.generations[g - 1].epsilon) << "thresholds shrink";
    EXPECT_EQ(result.generations[g].accepted, 500u);
  }
  EXPECT_LT(result.distances.size(), 40000u);
  EXPECT_LT(result.generations.back().epsilon, 0.3);
  const auto summary = summarize_posterior(result.accepted, result.weights);
  EXPECT_NEAR(summary[0].mean, 2.0, 0.15);
  EXPECT_NEAR(summary[0].sd, 1.0, 0.12);
  double total = 0.0;
  for (const double w : result.weights) total += w;
  EXPECT_NEAR(total, 1.0, 1e-12);
}

// log-uniform prior on a rate observed through a Poisson-free deterministic statistic:
// the statistic log(rate) + N(0, 0.1) pins the rate to exp(target) within a few percent.
TEST(Abc, LogUniformPriorsAreSampledInLogSpaceAndStayInsideTheirBounds) {
  Problem problem;
  problem.priors = {{Prior::Kind::kLogUniform, 1e-4, 1.0}};
  problem.targets = {std::log(0.01)};
  problem.scales = {0.1};
  problem.simulate = [](const std::vector<double>& theta, std::uint64_t seed) {
    return std::vector<double>{std::log(theta[0]) + 0.1 * normal_from_seed(seed)};
  };
  Settings settings;
  settings.method = Method::kSmc;
  settings.samples = 300;
  settings.generations = 4;
  settings.accept = 0.5;
  settings.seed = 3;
  const auto result = run_abc(problem, settings);
  for (const double v : result.proposals.values) {
    EXPECT_GE(v, 1e-4);
    EXPECT_LE(v, 1.0);
  }
  // Generation 0 is uniform in log space: about a quarter of prior draws below 1e-3.
  std::size_t below = 0, prior_draws = 0;
  for (std::size_t i = 0; i < result.proposals.rows; ++i) {
    if (result.proposal_generation[i] != 0) continue;
    ++prior_draws;
    below += result.proposals.at(i, 0) < 1e-3;
  }
  EXPECT_NEAR(static_cast<double>(below) / static_cast<double>(prior_draws), 0.25, 0.06);
  const auto summary = summarize_posterior(result.accepted, result.weights);
  EXPECT_NEAR(summary[0].median, 0.01, 0.002);
}

TEST(Abc, ResultsAreBitIdenticalForAnyThreadCount) {
  Settings settings;
  settings.method = Method::kSmc;
  settings.samples = 200;
  settings.generations = 3;
  settings.accept = 0.5;
  settings.seed = 5;
  const auto run_with = [&](std::size_t threads) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return run_abc(normal_mean_problem(), settings);
  };
  const auto one = run_with(1);
  const auto four = run_with(4);
  EXPECT_EQ(one.proposals.values, four.proposals.values);
  EXPECT_EQ(one.distances, four.distances);
  EXPECT_EQ(one.accepted.values, four.accepted.values);
  EXPECT_EQ(one.weights, four.weights);
  const auto again = run_with(2);
  EXPECT_EQ(one.accepted.values, again.accepted.values);
  settings.seed = 6;
  const auto other_seed = run_with(2);
  EXPECT_NE(one.proposals.values, other_seed.proposals.values) << "the seed drives the proposals";
}

TEST(Abc, RejectionWithEpsilonKeepsExactlyTheProposalsWithinIt) {
  Settings settings;
  settings.samples = 2000;
  settings.epsilon = 0.5;
  const auto result = run_abc(normal_mean_problem(), settings);
  std::size_t within = 0;
  for (const double d : result.distances) within += d <= 0.5;
  EXPECT_EQ(result.accepted.rows, within);
  for (const double d : result.accepted_distances) EXPECT_LE(d, 0.5);
  settings.epsilon = 1e-9;
  EXPECT_THROW((void)run_abc(normal_mean_problem(), settings), std::runtime_error);
}

TEST(Abc, SmcStopsAtTheProposalBudgetAndKeepsTheLastCompleteGeneration) {
  // A statistic that ignores theta: distances never shrink below the first threshold's
  // quantile by much, so some later generation cannot fill up within a tight budget.
  Problem problem = normal_mean_problem();
  problem.simulate = [](const std::vector<double>&, std::uint64_t seed) {
    return std::vector<double>{2.0 + 10.0 * normal_from_seed(seed)};
  };
  Settings settings;
  settings.method = Method::kSmc;
  settings.samples = 50;
  settings.generations = 30;
  settings.accept = 0.5;
  settings.max_proposals_per_particle = 4;
  const auto result = run_abc(problem, settings);
  EXPECT_TRUE(result.stopped_early);
  EXPECT_LT(result.generations.size(), 30u);
  EXPECT_EQ(result.accepted.rows, 50u);
}

TEST(Abc, DistanceIsEuclideanInUnitsOfEachTargetsScale) {
  EXPECT_DOUBLE_EQ(normalised_distance({3.0, 1.0}, {0.0, 0.0}, {1.0, 0.25}), 5.0);
  EXPECT_TRUE(std::isinf(normalised_distance({std::nan("")}, {0.0}, {1.0})));
}

TEST(Abc, WeightedPosteriorSummaryMatchesHandComputedValues) {
  const sim::Matrix accepted{4, 1, {1.0, 2.0, 3.0, 4.0}};
  const auto equal = summarize_posterior(accepted, {0.25, 0.25, 0.25, 0.25});
  EXPECT_DOUBLE_EQ(equal[0].mean, 2.5);
  EXPECT_NEAR(equal[0].sd, std::sqrt(5.0 / 3.0), 1e-12);  // the usual n - 1 sample sd
  EXPECT_DOUBLE_EQ(equal[0].median, 2.0);
  EXPECT_DOUBLE_EQ(equal[0].q025, 1.0);
  EXPECT_DOUBLE_EQ(equal[0].q975, 4.0);
  const auto weighted = summarize_posterior(accepted, {0.0, 0.0, 0.5, 0.5});
  EXPECT_DOUBLE_EQ(weighted[0].mean, 3.5);
  EXPECT_DOUBLE_EQ(weighted[0].q025, 3.0);
}

TEST(Abc, InconsistentProblemsAreRejected) {
  Problem problem = normal_mean_problem();
  problem.scales = {0.0};
  EXPECT_THROW((void)run_abc(problem, Settings{}), std::invalid_argument);
  problem = normal_mean_problem();
  problem.priors = {{Prior::Kind::kLogUniform, 0.0, 1.0}};
  EXPECT_THROW((void)run_abc(problem, Settings{}), std::invalid_argument);
}

}  // namespace
}  // namespace rapport::analysis::calibration
