// Sensitivity estimators and designs against functions whose indices are known exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <set>
#include <string>

#include "analysis/sensitivity/design.hpp"
#include "analysis/sensitivity/morris.hpp"
#include "analysis/sensitivity/prcc.hpp"
#include "analysis/sensitivity/robustness.hpp"
#include "analysis/sensitivity/sensitivity_report.hpp"
#include "analysis/sensitivity/sobol.hpp"
#include "sim/random.hpp"

namespace {

using namespace rapport::analysis;

// Evaluates f on every design row, after mapping the unit coordinates through `to_value`.
template <class F, class Map>
std::vector<double> evaluate(const UnitDesign& design, F f, Map to_value) {
  std::vector<double> y;
  std::vector<double> x(design.unit.cols);
  for (std::size_t r = 0; r < design.unit.rows; ++r) {
    for (std::size_t j = 0; j < x.size(); ++j) x[j] = to_value(design.unit.at(r, j));
    y.push_back(f(x));
  }
  return y;
}

double ishigami(const std::vector<double>& x) {
  constexpr double a = 7.0, b = 0.1;
  return std::sin(x[0]) + a * std::sin(x[1]) * std::sin(x[1]) + b * std::pow(x[2], 4) * std::sin(x[0]);
}

TEST(SobolIndices, IshigamiMatchesAnalyticIndices) {
  constexpr std::size_t k = 3, n = 8192;
  const auto design = saltelli_design(k, n, 42);
  const auto y = evaluate(design, ishigami, [](double u) { return -std::numbers::pi + 2 * std::numbers::pi * u; });
  const auto indices = sobol_indices(y, k, n, {200, 7, 0.95});
  // Analytic values (Ishigami & Homma 1990; a = 7, b = 0.1).
  const std::array<double, k> s1 = {0.3139, 0.4424, 0.0}, st = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < k; ++i) {
    EXPECT_NEAR(indices.first_order[i].value, s1[i], 0.04) << "S1 of x" << i + 1;
    EXPECT_NEAR(indices.total[i].value, st[i], 0.04) << "ST of x" << i + 1;
    EXPECT_LE(indices.first_order[i].ci_low, indices.first_order[i].value);
    EXPECT_GE(indices.first_order[i].ci_high, indices.first_order[i].value);
    EXPECT_LE(indices.total[i].ci_low, st[i] + 0.02) << "ST interval of x" << i + 1;
    EXPECT_GE(indices.total[i].ci_high, st[i] - 0.02) << "ST interval of x" << i + 1;
  }
  EXPECT_NEAR(indices.variance, 13.845, 0.5);  // a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2
}

TEST(SobolIndices, LinearModelGivesSquaredCoefficientShares) {
  // y = sum a_i x_i with x_i uniform: S1_i = ST_i = a_i^2 / sum a^2 (additive, no interactions).
  constexpr std::size_t k = 4, n = 16384;
  const std::array<double, k> a = {4.0, 2.0, 1.0, 0.0};
  const auto design = saltelli_design(k, n, 3);
  const auto y = evaluate(
      design, [&](const std::vector<double>& x) { return a[0] * x[0] + a[1] * x[1] + a[2] * x[2] + a[3] * x[3]; },
      [](double u) { return u; });
  const auto indices = sobol_indices(y, k, n, {100, 1, 0.95});
  for (std::size_t i = 0; i < k; ++i) {
    const double exact = a[i] * a[i] / 21.0;
    EXPECT_NEAR(indices.first_order[i].value, exact, 0.05) << i;  // about 3 standard errors
    EXPECT_NEAR(indices.total[i].value, exact, 0.05) << i;
  }
  // A parameter with no effect has exactly zero total index: f(A) = f(AB_i) row by row.
  EXPECT_EQ(indices.total[3].value, 0.0);
  EXPECT_EQ(indices.first_order[3].value, 0.0);
}

TEST(SobolIndices, BootstrapIsReproducibleAndSeeded) {
  const auto design = saltelli_design(3, 256, 5);
  const auto y = evaluate(design, ishigami, [](double u) { return -std::numbers::pi + 2 * std::numbers::pi * u; });
  const auto first = sobol_indices(y, 3, 256, {300, 11, 0.95});
  const auto again = sobol_indices(y, 3, 256, {300, 11, 0.95});
  const auto other = sobol_indices(y, 3, 256, {300, 12, 0.95});
  EXPECT_EQ(first.total[0].ci_low, again.total[0].ci_low);
  EXPECT_EQ(first.first_order[1].ci_high, again.first_order[1].ci_high);
  EXPECT_NE(first.total[0].ci_low, other.total[0].ci_low);
  EXPECT_EQ(first.total[0].value, other.total[0].value);  // the seed moves intervals only
}

TEST(SobolIndices, ConstantOutputHasUndefinedIndices) {
  const std::vector<double> y(4 * 10, 2.5);
  const auto indices = sobol_indices(y, 2, 10, {50, 1, 0.95});
  EXPECT_TRUE(std::isnan(indices.first_order[0].value));
  EXPECT_TRUE(std::isnan(indices.total[1].ci_high));
}

TEST(SaltelliDesign, AbBlocksTakeOneColumnFromB) {
  constexpr std::size_t k = 3, n = 5;
  const auto d = saltelli_design(k, n, 9);
  ASSERT_EQ(d.unit.rows, n * (k + 2));
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t j = 0; j < k; ++j) {
        const double expected = j == i ? d.unit.at(n + r, j) : d.unit.at(r, j);
        EXPECT_EQ(d.unit.at((2 + i) * n + r, j), expected);
      }
    }
  }
}

TEST(SaltelliDesign, PowerOfTwoColumnsHoldOnePointPerStratum) {
  // The Sobol' sequence's first 2^m points are a net: every column of A and of B has exactly one
  // point in each [i/N, (i+1)/N), and the digital shift only permutes those intervals.
  constexpr std::size_t k = 5, n = 64;
  for (const std::uint64_t seed : {1, 2, 77}) {
    const auto d = saltelli_design(k, n, seed);
    for (std::size_t block = 0; block < 2; ++block) {
      for (std::size_t j = 0; j < k; ++j) {
        std::set<std::size_t> strata;
        for (std::size_t r = 0; r < n; ++r) {
          const double u = d.unit.at(block * n + r, j);
          ASSERT_GT(u, 0.0);
          ASSERT_LT(u, 1.0);
          strata.insert(static_cast<std::size_t>(u * n));
        }
        EXPECT_EQ(strata.size(), n) << "seed " << seed << ", block " << block << ", column " << j;
      }
    }
  }
}

TEST(SaltelliDesign, SeedAloneFixesTheShift) {
  constexpr std::size_t k = 3, n = 32;
  const auto d = saltelli_design(k, n, 9);
  EXPECT_EQ(saltelli_design(k, n, 9).unit.values, d.unit.values);
  // Another seed shifts every dimension, so no coordinate of A or B stays where it was.
  const auto other = saltelli_design(k, n, 10);
  for (std::size_t r = 0; r < 2 * n; ++r) {
    for (std::size_t j = 0; j < k; ++j) EXPECT_NE(other.unit.at(r, j), d.unit.at(r, j)) << r << ", " << j;
  }
  // The shift does not depend on N: a larger N continues the same sequence.
  const auto larger = saltelli_design(k, 2 * n, 9);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t j = 0; j < k; ++j) {
      EXPECT_EQ(larger.unit.at(r, j), d.unit.at(r, j));
      EXPECT_EQ(larger.unit.at(2 * n + r, j), d.unit.at(n + r, j));
    }
  }
}

// The design saltelli_design() replaced: A and B as independent Philox uniforms, same layout.
UnitDesign plain_monte_carlo_design(std::size_t k, std::size_t n, std::uint64_t seed) {
  auto d = saltelli_design(k, n, seed);
  const rapport::sim::RandomStreams streams(seed, 0);
  for (std::size_t block = 0; block < k + 2; ++block) {
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t j = 0; j < k; ++j) {
        const bool from_b = block == 1 || block == j + 2;
        d.unit.values[(block * n + r) * k + j] = streams.uniform(
            static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(from_b ? k + j : j), rapport::sim::Event::kDesign);
      }
    }
  }
  return d;
}

TEST(SaltelliDesign, SobolSequenceEstimatesIshigamiMoreAccuratelyThanMonteCarlo) {
  constexpr std::size_t k = 3, n = 128, seeds = 20;
  const std::array<double, k> s1 = {0.3139, 0.4424, 0.0}, st = {0.5576, 0.4424, 0.2437};
  const auto to_angle = [](double u) { return -std::numbers::pi + 2 * std::numbers::pi * u; };
  // Root mean square error of all six indices over `seeds` designs.
  const auto rms_error = [&](auto make_design) {
    double squares = 0.0;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
      const auto indices = sobol_indices(evaluate(make_design(k, n, seed), ishigami, to_angle), k, n, {0, 1, 0.95});
      for (std::size_t i = 0; i < k; ++i) {
        squares += std::pow(indices.first_order[i].value - s1[i], 2) + std::pow(indices.total[i].value - st[i], 2);
      }
    }
    return std::sqrt(squares / (2 * k * seeds));
  };
  const double sobol = rms_error(saltelli_design), monte_carlo = rms_error(plain_monte_carlo_design);
  RecordProperty("rms_error_sobol", std::to_string(sobol));
  RecordProperty("rms_error_monte_carlo", std::to_string(monte_carlo));
  EXPECT_LT(sobol, 0.7 * monte_carlo);  // about 0.03 against 0.08
}

TEST(LatinHypercubeDesign, EveryStratumHoldsOnePointPerColumn) {
  constexpr std::size_t k = 4, n = 50;
  const auto d = latin_hypercube_design(k, n, 1);
  for (std::size_t j = 0; j < k; ++j) {
    std::set<std::size_t> strata;
    for (std::size_t r = 0; r < n; ++r) strata.insert(static_cast<std::size_t>(d.unit.at(r, j) * n));
    EXPECT_EQ(strata.size(), n) << "column " << j;
  }
}

TEST(GridDesign, ListsEveryCombinationIncludingTheBounds) {
  const auto d = grid_design(2, 3);
  ASSERT_EQ(d.unit.rows, 9u);
  EXPECT_EQ(d.unit.at(0, 0), 0.0);
  EXPECT_EQ(d.unit.at(0, 1), 0.0);
  EXPECT_EQ(d.unit.at(1, 1), 0.5);
  EXPECT_EQ(d.unit.at(8, 0), 1.0);
  EXPECT_EQ(d.unit.at(8, 1), 1.0);
}

TEST(Distributions, MapUnitCoordinatesOntoTheirSupport) {
  const Distribution uniform{DistributionKind::kUniform, -1.0, 3.0, 0, 1};
  EXPECT_DOUBLE_EQ(uniform.value_at(0.25), 0.0);
  const Distribution log_uniform{DistributionKind::kLogUniform, 1e-4, 1e-2, 0, 1};
  EXPECT_NEAR(log_uniform.value_at(0.5), 1e-3, 1e-15);
  EXPECT_EQ(log_uniform.value_at(1.0), 1e-2);
  const Distribution normal{DistributionKind::kNormalTruncated, 0.0, 4.0, 2.0, 1.0};
  EXPECT_NEAR(normal.value_at(0.5), 2.0, 1e-12);                 // symmetric truncation keeps the median
  EXPECT_NEAR(normal.value_at(0.841344746 / 0.9544997361 - 0.0227501319 / 0.9544997361), 3.0, 1e-6);
  EXPECT_EQ(normal.value_at(0.0), 0.0);
  EXPECT_EQ(normal.value_at(1.0), 4.0);
}

TEST(MorrisIndices, RankLinearAndQuadraticEffects) {
  // y = 10 x1 + 3 x2^2 + 0.5 x3 + 0 x4: linear effects are exact (mu* = coefficient, sigma = 0).
  constexpr std::size_t k = 4, r = 20;
  const auto design = morris_design(k, r, 4, 8);
  ASSERT_EQ(design.unit.rows, r * (k + 1));
  const auto y = evaluate(
      design, [](const std::vector<double>& x) { return 10 * x[0] + 3 * x[1] * x[1] + 0.5 * x[2]; },
      [](double u) { return u; });
  const auto m = morris_indices(design.unit, y, r);
  EXPECT_NEAR(m.mu_star[0], 10.0, 1e-9);
  EXPECT_NEAR(m.sigma[0], 0.0, 1e-9);
  EXPECT_NEAR(m.mu_star[2], 0.5, 1e-9);
  EXPECT_EQ(m.mu_star[3], 0.0);
  EXPECT_GT(m.mu_star[0], m.mu_star[1]);
  EXPECT_GT(m.mu_star[1], m.mu_star[2]);
  EXPECT_GT(m.sigma[1], 0.0);  // a curved effect varies with where the step starts
}

TEST(MorrisDesign, EachStepMovesOneParameterByDelta) {
  constexpr std::size_t k = 3, levels = 4;
  const auto d = morris_design(k, 10, levels, 2);
  const double delta = static_cast<double>(levels) / (2.0 * (levels - 1));
  for (std::size_t t = 0; t < 10; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t s = 0; s < k; ++s) {
      std::size_t changes = 0;
      for (std::size_t j = 0; j < k; ++j) {
        const double step = d.unit.at(t * (k + 1) + s + 1, j) - d.unit.at(t * (k + 1) + s, j);
        if (step != 0.0) {
          ++changes;
          moved.insert(j);
          EXPECT_NEAR(std::abs(step), delta, 1e-12);
        }
      }
      EXPECT_EQ(changes, 1u);
    }
    EXPECT_EQ(moved.size(), k);  // every parameter moves once per trajectory
  }
}

TEST(PartialRankCorrelation, MonotoneEffectsAreNearOneAndNoiseNearZero) {
  const auto d = latin_hypercube_design(3, 400, 4);
  std::vector<double> y;
  for (std::size_t r = 0; r < d.unit.rows; ++r) y.push_back(d.unit.at(r, 0) + std::pow(d.unit.at(r, 1), 3));
  const auto prcc = partial_rank_correlations(d.unit, y);
  EXPECT_GT(prcc[0].coefficient, 0.9);
  EXPECT_GT(prcc[1].coefficient, 0.9);
  EXPECT_LT(std::abs(prcc[2].coefficient), 0.15);
  EXPECT_LT(prcc[0].p_value, 1e-10);
  EXPECT_GT(prcc[2].p_value, 0.001);

  std::vector<double> decreasing;
  for (std::size_t r = 0; r < d.unit.rows; ++r) decreasing.push_back(-std::exp(d.unit.at(r, 2)));
  EXPECT_DOUBLE_EQ(partial_rank_correlations(d.unit, decreasing)[2].coefficient, -1.0);
}

TEST(PartialRankCorrelation, AverageRanksShareTies) {
  const std::vector<double> values = {3.0, 1.0, 3.0, 2.0};
  EXPECT_EQ(average_ranks(values), (std::vector<double>{3.5, 1.0, 3.5, 2.0}));
}

TEST(PolicyRobustness, CountsWinsByPreferredDirectionWithWilsonInterval) {
  const std::vector<double> a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::vector<double> b = {0, 0, 0, 0, 0, 0, 0, 0, 20, 10};
  const std::vector<double> no_mid(a.size(), std::numeric_limits<double>::quiet_NaN());
  const auto higher = policy_robustness(a, b, Preference::kHigher, no_mid);
  EXPECT_EQ(higher.a_better, 8u);
  EXPECT_EQ(higher.b_better, 1u);
  EXPECT_EQ(higher.ties, 1u);
  EXPECT_DOUBLE_EQ(higher.share_a_better, 0.8);
  EXPECT_NEAR(higher.ci_low, 0.4902, 1e-4);  // Wilson score interval for 8 of 10
  EXPECT_NEAR(higher.ci_high, 0.9433, 1e-4);
  const auto lower = policy_robustness(a, b, Preference::kLower, no_mid);
  EXPECT_EQ(lower.a_better, 1u);
  // With a MID of 5, only differences beyond 5 win: 6, 7 and 8 for A, 11 for B; the other 6 points tie.
  const std::vector<double> mid(a.size(), 5.0);
  const auto beyond = policy_robustness(a, b, Preference::kHigher, mid);
  EXPECT_EQ(beyond.a_better, 3u);
  EXPECT_EQ(beyond.b_better, 1u);
  EXPECT_EQ(beyond.ties, 6u);
  EXPECT_EQ(preferred_direction("trust_mean"), Preference::kHigher);
  EXPECT_EQ(preferred_direction("breaches_cumulative"), Preference::kLower);
  EXPECT_EQ(preferred_direction("messages"), Preference::kNeither);
}

// A sweep stores the run total of a daily count, so the MID (per replicate-year for a rare count)
// is scaled to the run: 0.001 breaches per physician-year x 100 physicians x 2 years = 0.2.
TEST(PolicyRobustness, SweepsCountAWinOnlyBeyondTheMidOfTheRun) {
  SweepData sweep;
  sweep.name = "mid";
  sweep.method = DesignMethod::kLatinHypercube;
  sweep.replicates = 1;
  sweep.parameters = {"requests.rate_per_year"};
  constexpr std::size_t kPoints = 6;
  sweep.design = {kPoints, 1, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}};
  sweep.design_unit = sweep.design;
  sweep.scenarios = {"a", "b"};
  const std::string base = "[population]\nphysicians = 100\n[run]\ndays = 730\n";
  sweep.base_configs = {base, base};
  sweep.outcomes = {"breaches"};
  sweep.statistics = {"run_total"};
  // A - B per point: -0.1 (tie), -0.5 (A fewer: A better), 0.5 (B better), 0, 0.15 (tie), -0.3 (A better).
  sweep.values = {{{kPoints, 1, {1.0, 1.0, 1.0, 1.0, 1.15, 1.0}}}, {{kPoints, 1, {1.1, 1.5, 0.5, 1.0, 1.0, 1.3}}}};
  const BootstrapOptions bootstrap{0, 1, 0.95};
  const auto report = analyze_sweep(sweep, std::pair<std::string, std::string>{"a", "b"}, bootstrap);
  ASSERT_EQ(report.robustness.size(), 1u);
  EXPECT_EQ(report.robustness[0].result.a_better, 2u);
  EXPECT_EQ(report.robustness[0].result.b_better, 1u);
  EXPECT_EQ(report.robustness[0].result.ties, 3u);
  // --mid breaches=0.3 per replicate-year: 0.6 over two years; no difference is that large.
  const auto wide = analyze_sweep(sweep, std::pair<std::string, std::string>{"a", "b"}, bootstrap,
                                  parse_mid_overrides({"breaches=0.3"}));
  EXPECT_EQ(wide.robustness[0].result.ties, kPoints);
}

}  // namespace
