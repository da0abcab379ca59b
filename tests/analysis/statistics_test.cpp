// Student-t summaries and the paired t-test against values computed by hand or by SciPy.
#include "analysis/statistics.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace rapport::analysis
