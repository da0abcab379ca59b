#include "analysis/decision/threshold.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace rapport::analysis {
namespace {

// A deterministic decision from a formula, counting how often it is asked.
struct FormulaDecision {
  std::function<std::vector<double>(std::span<const double>)> formula;
  std::size_t calls = 0;
  std::size_t points = 0;

  DecisionEvaluator evaluator() {
    return [this](const sim::Matrix& at) {
      ++calls;
      points += at.rows;
      sim::Matrix result{at.rows, 0, {}};
      for (std::size_t r = 0; r < at.rows; ++r) {
        const auto row = formula(std::span(at.values).subspan(r * at.cols, at.cols));
        result.cols = row.size();
        result.values.insert(result.values.end(), row.begin(), row.end());
      }
      return result;
    };
  }
};

TEST(Threshold, LinearToyFindsItsClosedFormThreshold) {
  // NB_A = 10 - 2x, NB_B = 4 + x (+ 0 y): B overtakes A at x = 2; y changes nothing.
  FormulaDecision decision{[](std::span<const double> p) { return std::vector<double>{10.0 - 2.0 * p[0], 4.0 + p[0]}; }};
  const std::vector<double> base{1.0, 0.5};
  const std::vector<ParameterRange> ranges{{0.0, 5.0}, {0.0, 1.0}};
  const auto result = one_way_analysis(base, ranges, decision.evaluator());
  ASSERT_EQ(result[0].switches.size(), 1u);
  EXPECT_NEAR(result[0].switches[0].value, 2.0, 1e-12);
  EXPECT_EQ(result[0].switches[0].from, 0u);
  EXPECT_EQ(result[0].switches[0].to, 1u);
  EXPECT_TRUE(result[1].switches.empty());
  EXPECT_EQ(result[0].values, (std::vector<double>{0.0, 1.25, 2.5, 3.75, 5.0}));
  EXPECT_DOUBLE_EQ(result[0].net_benefit.at(4, 1), 9.0);
  // One call for both grids, then one per bisection step: 1.25 / 2^k <= 0.005 needs k = 8.
  EXPECT_EQ(decision.calls, 1u + 8u);
  EXPECT_EQ(decision.points, 10u + 8u);
}

TEST(Threshold, NonLinearSwitchIsBracketedToTheTolerance) {
  // NB_A = 10 - 2x, NB_B = x^2: equal at x = sqrt(11) - 1.
  FormulaDecision decision{[](std::span<const double> p) { return std::vector<double>{10.0 - 2.0 * p[0], p[0] * p[0]}; }};
  const std::vector<double> base{1.0};
  const std::vector<ParameterRange> ranges{{0.0, 5.0}};
  const auto result = one_way_analysis(base, ranges, decision.evaluator(), {.grid_points = 3, .tolerance = 1e-6});
  ASSERT_EQ(result[0].switches.size(), 1u);
  EXPECT_NEAR(result[0].switches[0].value, std::sqrt(11.0) - 1.0, 5e-6);
}

TEST(Threshold, APolicyOptimalOnlyInsideABracketAddsItsTwoSwitches) {
  // A, then C (constant 7) between x = 1.5 and x = 3, then B; the coarsest grid sees A -> B only.
  FormulaDecision decision{
      [](std::span<const double> p) { return std::vector<double>{10.0 - 2.0 * p[0], 4.0 + p[0], 7.0}; }};
  const std::vector<double> base{0.0};
  const std::vector<ParameterRange> ranges{{0.0, 5.0}};
  const auto result = one_way_analysis(base, ranges, decision.evaluator(), {.grid_points = 2, .tolerance = 1e-4});
  ASSERT_EQ(result[0].switches.size(), 2u);
  EXPECT_NEAR(result[0].switches[0].value, 1.5, 1e-12);
  EXPECT_EQ(result[0].switches[0].from, 0u);
  EXPECT_EQ(result[0].switches[0].to, 2u);
  EXPECT_NEAR(result[0].switches[1].value, 3.0, 1e-12);
  EXPECT_EQ(result[0].switches[1].from, 2u);
  EXPECT_EQ(result[0].switches[1].to, 1u);
}

TEST(Threshold, TornadoBarsAreTheIncrementsAtTheRangeEndsWidestFirst) {
  // NB_A = 10 - 2x + y, NB_B = 4 + x - 3y; base (1, 0): A optimal by 10 - 2 - 5 = 3.
  const auto formula = [](std::span<const double> p) {
    return std::vector<double>{10.0 - 2.0 * p[0] + p[1], 4.0 + p[0] - 3.0 * p[1]};
  };
  FormulaDecision decision{formula};
  const std::vector<double> base{1.0, 0.0};
  const std::vector<ParameterRange> ranges{{0.0, 2.0}, {-1.0, 2.0}};
  const auto one_way = one_way_analysis(base, ranges, decision.evaluator());
  const auto bars = tornado(formula(base), one_way);
  EXPECT_EQ(bars.base_optimal, 0u);
  EXPECT_DOUBLE_EQ(bars.base_increment, 3.0);
  ASSERT_EQ(bars.bars.size(), 2u);
  // Increment 6 - 3x + 4y: y over [-1, 2] swings 12, x over [0, 2] swings 6.
  EXPECT_EQ(bars.bars[0].parameter, 1u);
  EXPECT_DOUBLE_EQ(bars.bars[0].at_low, -1.0);
  EXPECT_DOUBLE_EQ(bars.bars[0].at_high, 11.0);
  EXPECT_EQ(bars.bars[1].parameter, 0u);
  EXPECT_DOUBLE_EQ(bars.bars[1].at_low, 6.0);
  EXPECT_DOUBLE_EQ(bars.bars[1].at_high, 0.0);
  ASSERT_EQ(one_way[1].switches.size(), 1u);
  EXPECT_NEAR(one_way[1].switches[0].value, -0.75, 1e-12);  // 6 - 3 + 4y = 0
}

TEST(Threshold, TwoWayMapMarksTheOptimalPolicyInEveryCell) {
  const auto formula = [](std::span<const double> p) {
    return std::vector<double>{10.0 - 2.0 * p[0] + p[1], 4.0 + p[0] - 3.0 * p[1], 0.0 * p[2]};
  };
  FormulaDecision decision{formula};
  const std::vector<double> base{1.0, 0.0, 0.0};
  const auto map = two_way_map(base, 0, {0.0, 4.0}, 1, {-2.0, 2.0}, 5, decision.evaluator());
  EXPECT_EQ(decision.calls, 1u);
  ASSERT_EQ(map.optimal.size(), 25u);
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 5; ++j) {
      const double x = map.first_values[i];
      const double y = map.second_values[j];
      const auto nb = formula(std::vector<double>{x, y, 0.0});
      const std::size_t expected = nb[0] >= nb[1] ? (nb[0] >= 0.0 ? 0u : 2u) : (nb[1] >= 0.0 ? 1u : 2u);
      EXPECT_EQ(map.optimal[i * 5 + j], expected) << x << ", " << y;
    }
}

TEST(Threshold, MalformedRequestsAreRejected) {
  FormulaDecision decision{[](std::span<const double>) { return std::vector<double>{0.0, 1.0}; }};
  const std::vector<double> base{1.0};
  const std::vector<ParameterRange> backwards{{2.0, 1.0}};
  EXPECT_THROW(one_way_analysis(base, backwards, decision.evaluator()), std::invalid_argument);
  EXPECT_THROW(two_way_map(base, 0, {0.0, 1.0}, 0, {0.0, 1.0}, 3, decision.evaluator()), std::invalid_argument);
}

}  // namespace
}  // namespace rapport::analysis
