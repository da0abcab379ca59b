#include "analysis/decision/evppi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "analysis/decision/net_benefit.hpp"
#include "analysis/decision/parameter_distribution.hpp"

namespace rapport::analysis {
namespace {

// theta1 ~ N(0, 1) carries all the uncertainty; theta2 ~ U(0, 1) enters no net benefit.
// Policy 1's increment exp(theta1) - 1.8 is non-linear, so a straight line would not do.
struct Toy {
  sim::Matrix parameters;
  sim::Matrix net_benefit;
};

Toy whole_uncertainty_toy(std::size_t draws) {
  std::mt19937_64 generator(3);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  Toy toy{{draws, 2, {}}, {draws, 3, {}}};
  for (std::size_t d = 0; d < draws; ++d) {
    const double theta1 = normal(generator);
    const double theta2 = uniform(generator);
    toy.parameters.values.insert(toy.parameters.values.end(), {theta1, theta2});
    toy.net_benefit.values.insert(toy.net_benefit.values.end(), {5.0, 5.0 + std::exp(theta1) - 1.8, 5.0 + 0.5 * theta1});
  }
  return toy;
}

TEST(Evppi, AParameterThatIsTheWholeUncertaintyHasEvppiEqualToEvpi) {
  const auto toy = whole_uncertainty_toy(2000);
  const double evpi = expected_value_of_perfect_information(toy.net_benefit);
  const std::vector<std::size_t> first{0};
  const auto estimate = evppi_by_regression(toy.net_benefit, toy.parameters, first);
  EXPECT_GT(evpi, 0.2);
  // The spline smooths a function that has no noise around it: agreement to 1%.
  EXPECT_NEAR(estimate.value, evpi, 0.01 * evpi);
  EXPECT_GT(estimate.effective_df_max, 2.0);  // more than a straight line was needed
  EXPECT_LE(estimate.effective_df_max, static_cast<double>(estimate.basis_size));
}

TEST(Evppi, AnIrrelevantParameterHasEvppiNearZero) {
  const auto toy = whole_uncertainty_toy(2000);
  const double evpi = expected_value_of_perfect_information(toy.net_benefit);
  const std::vector<std::size_t> second{1};
  EXPECT_LT(evppi_by_regression(toy.net_benefit, toy.parameters, second).value, 0.02 * evpi);
}

TEST(Evppi, TheGroupOfEveryParameterHasEvppiEqualToEvpi) {
  const auto toy = whole_uncertainty_toy(2000);
  const double evpi = expected_value_of_perfect_information(toy.net_benefit);
  const std::vector<std::size_t> both{0, 1};
  EXPECT_NEAR(evppi_by_regression(toy.net_benefit, toy.parameters, both).value, evpi, 0.02 * evpi);
}

// Two policies against doing nothing, with interacting, skewed parameters:
//   NB1 = 20 a b - 5 + c,  NB2 = 8 sqrt(b) - 3 + 2 c,  NB0 = 0,
// a ~ beta(2, 5), b ~ gamma(2, 0.5), c ~ N(0, 1) (noise that no group below includes).
double nb1(double a, double b, double c) { return 20.0 * a * b - 5.0 + c; }
double nb2(double b, double c) { return 8.0 * std::sqrt(b) - 3.0 + 2.0 * c; }

// EVPPI of `a` by nested Monte Carlo: for each outer a, the inner mean of each policy's net
// benefit over (b, c), then E_a[max_p inner mean] - max_p E[NB_p] (E[NB] in closed form:
// E[NB1] = 20 E[a] E[b] - 5, E[NB2] = 8 E[sqrt b] - 3 with E[sqrt b] = sqrt(0.5) Gamma(2.5) / Gamma(2)).
double best_expected_net_benefit() {
  const double expected_nb1 = 20.0 * (2.0 / 7.0) * 1.0 - 5.0;
  const double expected_nb2 = 8.0 * std::sqrt(0.5) * std::tgamma(2.5) / std::tgamma(2.0) - 3.0;
  return std::max({0.0, expected_nb1, expected_nb2});
}

double nested_evppi_of_a(std::size_t outer, std::size_t inner) {
  std::mt19937_64 generator(5);
  std::gamma_distribution<double> b_dist(2.0, 0.5);
  std::normal_distribution<double> normal;
  const auto a_draws = sample_parameters({ParameterDistribution::beta(2.0, 5.0)}, outer, 29);
  double sum_of_max = 0.0;
  for (const double a : a_draws) {
    double sum1 = 0.0;
    double sum2 = 0.0;
    for (std::size_t j = 0; j < inner; ++j) {
      const double b = b_dist(generator);
      const double c = normal(generator);
      sum1 += nb1(a, b, c);
      sum2 += nb2(b, c);
    }
    sum_of_max += std::max({0.0, sum1 / static_cast<double>(inner), sum2 / static_cast<double>(inner)});
  }
  return sum_of_max / static_cast<double>(outer) - best_expected_net_benefit();
}

// EVPPI of (a, b): E[NB | a, b] is known (c has mean 0), so one loop suffices.
double evppi_of_a_and_b(std::size_t draws) {
  const auto ab = sample_parameters({ParameterDistribution::beta(2.0, 5.0), ParameterDistribution::gamma(2.0, 0.5)},
                                    draws, 31);
  double sum_of_max = 0.0;
  for (std::size_t d = 0; d < draws; ++d)
    sum_of_max += std::max({0.0, nb1(ab[2 * d], ab[2 * d + 1], 0.0), nb2(ab[2 * d + 1], 0.0)});
  return sum_of_max / static_cast<double>(draws) - best_expected_net_benefit();
}

TEST(Evppi, RegressionAgreesWithNestedMonteCarlo) {
  constexpr std::size_t kDraws = 3000;
  const auto ab = sample_parameters({ParameterDistribution::beta(2.0, 5.0), ParameterDistribution::gamma(2.0, 0.5)},
                                    kDraws, 19);
  std::mt19937_64 generator(23);
  std::normal_distribution<double> normal;
  sim::Matrix parameters{kDraws, 3, {}};
  sim::Matrix nb{kDraws, 3, {}};
  for (std::size_t d = 0; d < kDraws; ++d) {
    const double a = ab[2 * d];
    const double b = ab[2 * d + 1];
    const double c = normal(generator);
    parameters.values.insert(parameters.values.end(), {a, b, c});
    nb.values.insert(nb.values.end(), {0.0, nb1(a, b, c), nb2(b, c)});
  }
  const double nested_a = nested_evppi_of_a(1000, 2000);
  const double exact_ab = evppi_of_a_and_b(200000);
  const std::vector<std::size_t> a_only{0};
  const std::vector<std::size_t> a_and_b{0, 1};
  const double regression_a = evppi_by_regression(nb, parameters, a_only).value;
  const double regression_ab = evppi_by_regression(nb, parameters, a_and_b).value;
  EXPECT_GT(nested_a, 0.1);
  EXPECT_GT(exact_ab, nested_a);
  EXPECT_NEAR(regression_a, nested_a, 0.1 * nested_a);
  EXPECT_NEAR(regression_ab, exact_ab, 0.1 * exact_ab);
}

}  // namespace
}  // namespace rapport::analysis
