// Student-t summaries and the paired t-test against values computed by hand or by SciPy.
#include "analysis/statistics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace rapport::analysis {
namespace {

TEST(SummarizeSample, MatchesHandComputedMeanSdAndInterval) {
  const std::vector<double> values = {1, 2, 3, 4, 5};
  const auto s = summarize_sample(values);
  const double sd = std::sqrt(2.5);                // sum of squared deviations 10, divided by n - 1 = 4
  const double t_975_df4 = 2.7764451051977944;     // exact to 17 digits (mpmath)
  const double half_width = t_975_df4 * sd / std::sqrt(5.0);
  EXPECT_EQ(s.n, 5u);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_DOUBLE_EQ(s.sd, sd);
  EXPECT_NEAR(s.ci_low, 3.0 - half_width, 1e-12);
  EXPECT_NEAR(s.ci_high, 3.0 + half_width, 1e-12);
}

// References from mpmath at 30 digits (SciPy's t.ppf is off by about 1e-10 here).
// With 2 degrees of freedom the quantile has a closed form: (2p - 1) sqrt(2 / (4p(1 - p))).
TEST(SummarizeSample, TQuantileMatchesExactValues) {
  EXPECT_NEAR(student_t_quantile(4, 0.975), 2.7764451051977944, 1e-13);
  EXPECT_NEAR(student_t_quantile(5, 0.975), 2.5705818356363155, 1e-13);
  const double p = 0.975;
  EXPECT_NEAR(student_t_quantile(2, p), (2 * p - 1) * std::sqrt(2 / (4 * p * (1 - p))), 1e-13);
}

TEST(SummarizeSample, EqualValuesAreSummarisedExactly) {
  const std::vector<double> values = {0.1, 0.1, 0.1};  // a naive sum / 3 would not give back 0.1
  const auto s = summarize_sample(values);
  EXPECT_EQ(s.mean, 0.1);
  EXPECT_EQ(s.sd, 0.0);
  EXPECT_EQ(s.ci_low, 0.1);
  EXPECT_EQ(s.ci_high, 0.1);
}

TEST(SummarizeSample, OneReplicateLeavesSpreadUndefined) {
  const std::vector<double> values = {7.0};
  const auto s = summarize_sample(values);
  EXPECT_EQ(s.n, 1u);
  EXPECT_EQ(s.mean, 7.0);
  EXPECT_TRUE(std::isnan(s.sd));
  EXPECT_TRUE(std::isnan(s.ci_low));
  EXPECT_TRUE(std::isnan(s.ci_high));
  EXPECT_TRUE(std::isnan(paired_difference(values, values).p_value));
}

TEST(SummarizeSample, EmptySampleIsAllNaN) {
  const auto s = summarize_sample({});
  EXPECT_EQ(s.n, 0u);
  EXPECT_TRUE(std::isnan(s.mean));
}

TEST(PairedDifference, MatchesScipyTtestRel) {
  const std::vector<double> a = {12.1, 14.3, 11.8, 15.2, 13.9, 12.7};
  const std::vector<double> b = {11.0, 13.1, 11.9, 13.8, 12.5, 12.0};
  const auto d = paired_difference(a, b);
  // scipy.stats.ttest_rel(a, b): t = 4.044689928327536, p = 0.009876933875282547;
  // the interval bounds from mpmath (SciPy's t quantile is off by about 1e-9 here).
  EXPECT_NEAR(d.p_value, 0.009876933875282547, 1e-12);
  EXPECT_NEAR(d.difference.mean, 0.95, 1e-12);
  EXPECT_NEAR(d.difference.sd, 0.5753259945457008, 1e-12);
  EXPECT_NEAR(d.difference.ci_low, 0.34623239676513844, 1e-12);
  EXPECT_NEAR(d.difference.ci_high, 1.5537676032348616, 1e-12);
}

TEST(PairedDifference, IdenticalSamplesGiveExactlyZero) {
  const std::vector<double> a = {0.61, 0.64, 0.59, 0.66};
  const auto d = paired_difference(a, a);
  EXPECT_EQ(d.difference.mean, 0.0);
  EXPECT_EQ(d.difference.sd, 0.0);
  EXPECT_EQ(d.difference.ci_low, 0.0);
  EXPECT_EQ(d.difference.ci_high, 0.0);
  EXPECT_EQ(d.p_value, 1.0);
}

TEST(PairedDifference, ConstantNonZeroDifferenceIsCertain) {
  const std::vector<double> a = {3, 5, 8};
  const std::vector<double> b = {1, 3, 6};
  const auto d = paired_difference(a, b);
  EXPECT_EQ(d.difference.mean, 2.0);
  EXPECT_EQ(d.difference.ci_low, 2.0);
  EXPECT_EQ(d.difference.ci_high, 2.0);
  EXPECT_EQ(d.p_value, 0.0);
}

// With normal data the 95% t-interval should contain the true mean in about
// 95% of samples; 2000 trials put the observed rate within +-0.02 with >99% probability.
TEST(SummarizeSample, TIntervalCoversTrueMeanAbout95Percent) {
  constexpr double kTrueMean = 10.0;
  constexpr int kTrials = 2000;
  std::mt19937_64 engine(20240601);
  std::normal_distribution<double> normal(kTrueMean, 3.0);
  int covered = 0;
  std::vector<double> sample(5);
  for (int trial = 0; trial < kTrials; ++trial) {
    for (auto& x : sample) x = normal(engine);
    const auto s = summarize_sample(sample);
    if (s.ci_low <= kTrueMean && kTrueMean <= s.ci_high) ++covered;
  }
  const double coverage = static_cast<double>(covered) / kTrials;
  EXPECT_GT(coverage, 0.93);
  EXPECT_LT(coverage, 0.97);
}

// Reference bounds from scipy.stats.chi2.ppf (SciPy 1.x): lower chi2(0.025, 2k) / 2, upper
// chi2(0.975, 2k + 2) / 2. For k = 0 the upper bound has the closed form -ln(0.025).
TEST(GarwoodInterval, MatchesChiSquareQuantilesFromScipy) {
  struct Reference {
    double events, low, high;
  };
  const Reference references[] = {
      {0, 0.0, 3.6888794541139354},
      {1, 0.025317807984289876, 5.571643390938898},
      {2, 0.24220927854396496, 7.22468766772396},
      {5, 1.6234863901184207, 11.66833207932267},
      {10, 4.7953886961324335, 18.39035604201778},
      {100, 81.36399125092314, 121.62679379242638},
      {1000, 938.9730184076952, 1063.952136016302},
  };
  for (const auto& r : references) {
    const auto interval = garwood_interval(r.events);
    EXPECT_NEAR(interval.low, r.low, 1e-11 * std::max(1.0, r.low)) << r.events;
    EXPECT_NEAR(interval.high, r.high, 1e-11 * r.high) << r.events;
  }
  EXPECT_NEAR(garwood_interval(0).high, -std::log(0.025), 1e-13);
  // One-sided 90% at k = 0 is the "rule of three" bound -ln(0.05) = 2.996 (two-sided 90% interval).
  EXPECT_NEAR(garwood_interval(0, 0.90).high, -std::log(0.05), 1e-13);
  EXPECT_THROW(garwood_interval(-1), std::invalid_argument);
  EXPECT_THROW(garwood_interval(1.5), std::invalid_argument);
}

// The exact interval covers the true mean at least 95% of the time, even for small means.
TEST(GarwoodInterval, CoversSmallPoissonMeansAtLeastAtTheNominalLevel) {
  std::mt19937_64 generator(11);
  for (const double mean : {0.3, 2.0, 7.5}) {
    std::poisson_distribution<int> poisson(mean);
    int covered = 0;
    constexpr int kTrials = 4000;
    for (int trial = 0; trial < kTrials; ++trial) {
      const auto interval = garwood_interval(poisson(generator));
      covered += interval.low <= mean && mean <= interval.high;
    }
    EXPECT_GE(covered, static_cast<int>(0.95 * kTrials) - 30) << mean;  // 30: sampling slack
  }
}

TEST(SummarizeNonNegative, RaisesANegativeLowerBoundToZeroOnly) {
  const std::vector<double> mostly_zero = {0, 0, 0, 4};
  const auto t = summarize_sample(mostly_zero);
  const auto raised = summarize_non_negative(mostly_zero);
  ASSERT_LT(t.ci_low, 0.0);
  EXPECT_EQ(raised.ci_low, 0.0);
  EXPECT_EQ(raised.ci_high, t.ci_high);
  EXPECT_EQ(raised.mean, t.mean);
  const std::vector<double> far_from_zero = {10, 11, 12};
  EXPECT_EQ(summarize_non_negative(far_from_zero).ci_low, summarize_sample(far_from_zero).ci_low);
}

// d = 1, 2, 3, 4: of the 16 sign patterns only all-plus and all-minus reach |sum| >= 10.
TEST(PairedBootstrap, SignFlipPValueIsExactForFewReplicates) {
  const std::vector<double> values = {1, 2, 3, 4}, baseline = {0, 0, 0, 0};
  const auto d = paired_difference_bootstrap(values, baseline, 7);
  EXPECT_DOUBLE_EQ(d.p_value, 2.0 / 16.0);
  EXPECT_DOUBLE_EQ(d.difference.mean, 2.5);
  // Percentile bounds of resampled means lie within the smallest and largest difference.
  EXPECT_GE(d.difference.ci_low, 1.0);
  EXPECT_LE(d.difference.ci_high, 4.0);
  EXPECT_LT(d.difference.ci_low, 2.5);
  EXPECT_GT(d.difference.ci_high, 2.5);
}

TEST(PairedBootstrap, IsReproducibleAndExactForEqualPairs) {
  const std::vector<double> values = {0, 1, 0, 2, 0, 0, 1, 0}, baseline = {0, 0, 1, 0, 0, 0, 0, 0};
  const auto first = paired_difference_bootstrap(values, baseline, 3);
  const auto again = paired_difference_bootstrap(values, baseline, 3);
  EXPECT_EQ(first.difference.ci_low, again.difference.ci_low);
  EXPECT_EQ(first.difference.ci_high, again.difference.ci_high);
  EXPECT_EQ(first.p_value, again.p_value);
  const auto same = paired_difference_bootstrap(values, values, 3);
  EXPECT_EQ(same.difference.ci_low, 0.0);
  EXPECT_EQ(same.difference.ci_high, 0.0);
  EXPECT_EQ(same.p_value, 1.0);
}

// Beyond 16 replicates the p-value is estimated from 65,536 random sign patterns; for 20
// differences of +1 the exact value 2 / 2^20 is below the Monte Carlo resolution.
TEST(PairedBootstrap, RandomSignPatternsForManyReplicates) {
  const std::vector<double> values(20, 1.0), baseline(20, 0.0);
  const auto d = paired_difference_bootstrap(values, baseline, 5);
  EXPECT_LT(d.p_value, 1e-4);
  std::vector<double> mixed(20, 0.0);
  for (std::size_t r = 0; r < mixed.size(); ++r) mixed[r] = r % 2 == 0 ? 1.0 : -1.0;
  EXPECT_NEAR(paired_difference_bootstrap(mixed, baseline, 5).p_value, 1.0, 1e-12);  // sum 0: every pattern as extreme
}

}  // namespace
}  // namespace rapport::analysis
