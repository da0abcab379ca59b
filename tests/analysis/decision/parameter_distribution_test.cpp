#include "analysis/decision/parameter_distribution.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace rapport::analysis {
namespace {

struct Moments {
  double mean = 0.0;
  double sd = 0.0;
};

Moments sample_moments(const ParameterDistribution& distribution, std::size_t draws) {
  const auto values = sample_parameters({distribution}, draws, 7);
  double sum = 0.0;
  double squares = 0.0;
  for (const double value : values) sum += value;
  const double mean = sum / static_cast<double>(draws);
  for (const double value : values) squares += (value - mean) * (value - mean);
  return {mean, std::sqrt(squares / static_cast<double>(draws - 1))};
}

TEST(ParameterDistribution, MomentParameterisationsReproduceTheirMoments) {
  const std::vector<ParameterDistribution> distributions{
      ParameterDistribution::beta_from_moments(0.3, 0.1),
      ParameterDistribution::beta_from_moments(12.0, 2.0, 5.0, 20.0),
      ParameterDistribution::gamma_from_moments(4.0, 1.5),
      ParameterDistribution::log_normal_from_moments(2.0, 0.8),
  };
  const std::vector<Moments> expected{{0.3, 0.1}, {12.0, 2.0}, {4.0, 1.5}, {2.0, 0.8}};
  for (std::size_t i = 0; i < distributions.size(); ++i) {
    EXPECT_NEAR(distributions[i].mean(), expected[i].mean, 1e-12) << i;
    EXPECT_NEAR(distributions[i].sd(), expected[i].sd, 1e-12) << i;
  }
}

TEST(ParameterDistribution, DrawsMatchTheClosedFormMoments) {
  const std::vector<ParameterDistribution> distributions{
      ParameterDistribution::beta(2.0, 5.0),     ParameterDistribution::gamma(3.0, 2.0),
      ParameterDistribution::log_normal(0.5, 0.4), ParameterDistribution::uniform(-1.0, 3.0),
      ParameterDistribution::triangular(0.0, 1.0, 4.0),
  };
  constexpr std::size_t kDraws = 40000;
  for (const auto& distribution : distributions) {
    const auto moments = sample_moments(distribution, kDraws);
    // Four standard errors of the mean; the sd to 3%.
    EXPECT_NEAR(moments.mean, distribution.mean(), 4.0 * distribution.sd() / std::sqrt(double{kDraws}))
        << parameter_distribution_name(distribution.kind());
    EXPECT_NEAR(moments.sd, distribution.sd(), 0.03 * distribution.sd())
        << parameter_distribution_name(distribution.kind());
  }
  EXPECT_NEAR(ParameterDistribution::beta(2.0, 5.0).mean(), 2.0 / 7.0, 1e-15);
  EXPECT_NEAR(ParameterDistribution::triangular(0.0, 1.0, 4.0).mean(), 5.0 / 3.0, 1e-15);
  EXPECT_NEAR(ParameterDistribution::triangular(0.0, 1.0, 4.0).quantile(0.25), 1.0, 1e-12);  // F(mode) = 1/4
}

TEST(ParameterDistribution, DrawsDependOnSeedDrawAndParameterOnly) {
  const std::vector<ParameterDistribution> two{ParameterDistribution::uniform(0.0, 1.0),
                                               ParameterDistribution::gamma(2.0, 1.0)};
  const std::vector<ParameterDistribution> three{two[0], two[1], ParameterDistribution::beta(1.0, 1.0)};
  const auto few = sample_parameters(two, 10, 42);
  const auto more = sample_parameters(three, 50, 42);
  for (std::size_t d = 0; d < 10; ++d)
    for (std::size_t j = 0; j < 2; ++j) EXPECT_EQ(few[d * 2 + j], more[d * 3 + j]);
  EXPECT_NE(sample_parameters(two, 10, 43), few);
}

TEST(ParameterDistribution, ImpossibleParametersAreRejectedWithTheirRule) {
  EXPECT_THROW(ParameterDistribution::beta_from_moments(0.5, 0.6), std::invalid_argument);
  EXPECT_THROW(ParameterDistribution::beta_from_moments(1.5, 0.1), std::invalid_argument);
  EXPECT_THROW(ParameterDistribution::gamma_from_moments(-1.0, 1.0), std::invalid_argument);
  EXPECT_THROW(ParameterDistribution::log_normal(0.0, 0.0), std::invalid_argument);
  EXPECT_THROW(ParameterDistribution::uniform(2.0, 1.0), std::invalid_argument);
  try {
    ParameterDistribution::triangular(0.0, 5.0, 1.0);
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "triangular: the mode must lie in [low, high]");
  }
}

}  // namespace
}  // namespace rapport::analysis
