#include "analysis/decision/threshold.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rapport::analysis {
namespace {

std::span<const double> row_of(const sim::Matrix& matrix, std::size_t r) {
  return std::span(matrix.values).subspan(r * matrix.cols, matrix.cols);
}

std::size_t optimal_in(std::span<const double> net_benefit) {
  return static_cast<std::size_t>(std::max_element(net_benefit.begin(), net_benefit.end()) - net_benefit.begin());
}

// NB of `policy` minus the best other policy's.
double increment_over_best_alternative(std::span<const double> net_benefit, std::size_t policy) {
  double best_other = -INFINITY;
  for (std::size_t p = 0; p < net_benefit.size(); ++p)
    if (p != policy) best_other = std::max(best_other, net_benefit[p]);
  return net_benefit[policy] - best_other;
}

sim::Matrix evaluate_checked(const DecisionEvaluator& evaluate, const sim::Matrix& points) {
  sim::Matrix result = evaluate(points);
  if (result.rows != points.rows || result.cols == 0 || result.values.size() != result.rows * result.cols)
    throw std::runtime_error("decision evaluator: expected one row of net benefits per point");
  return result;
}

// A grid interval (or a narrower bracket inside it) where the optimal policy changes.
struct Bracket {
  std::size_t parameter = 0;
  double low = 0.0;
  double high = 0.0;
  std::vector<double> at_low;
  std::vector<double> at_high;
  [[nodiscard]] std::size_t from() const { return optimal_in(at_low); }
  [[nodiscard]] std::size_t to() const { return optimal_in(at_high); }
};

PolicySwitch place_switch(const Bracket& bracket) {
  const std::size_t from = bracket.from();
  const std::size_t to = bracket.to();
  const double gap_low = bracket.at_low[from] - bracket.at_low[to];
  const double gap_high = bracket.at_high[from] - bracket.at_high[to];
  const double share = gap_low - gap_high > 0.0 ? std::clamp(gap_low / (gap_low - gap_high), 0.0, 1.0) : 0.5;
  return {bracket.low + share * (bracket.high - bracket.low), from, to};
}

}  // namespace

std::vector<OneWayResult> one_way_analysis(std::span<const double> base, std::span<const ParameterRange> ranges,
                                           const DecisionEvaluator& evaluate, const OneWayOptions& options) {
  if (ranges.size() != base.size()) throw std::invalid_argument("one-way analysis: one range per parameter");
  if (options.grid_points < 2) throw std::invalid_argument("one-way analysis: need at least 2 grid points");
  if (!(options.tolerance > 0.0)) throw std::invalid_argument("one-way analysis: tolerance must be positive");
  const std::size_t k = base.size();
  const std::size_t g = options.grid_points;

  sim::Matrix grid{k * g, k, {}};
  std::vector<OneWayResult> results(k);
  for (std::size_t i = 0; i < k; ++i) {
    if (!(ranges[i].low < ranges[i].high)) throw std::invalid_argument("one-way analysis: low must be below high");
    for (std::size_t step = 0; step < g; ++step) {
      const double value =
          ranges[i].low + (ranges[i].high - ranges[i].low) * static_cast<double>(step) / static_cast<double>(g - 1);
      results[i].values.push_back(value);
      grid.values.insert(grid.values.end(), base.begin(), base.end());
      grid.values[(i * g + step) * k + i] = value;
    }
  }
  const sim::Matrix grid_net_benefit = evaluate_checked(evaluate, grid);
  const std::size_t policies = grid_net_benefit.cols;

  std::vector<Bracket> open;
  for (std::size_t i = 0; i < k; ++i) {
    results[i].net_benefit = {g, policies, {}};
    for (std::size_t step = 0; step < g; ++step) {
      const auto row = row_of(grid_net_benefit, i * g + step);
      results[i].net_benefit.values.insert(results[i].net_benefit.values.end(), row.begin(), row.end());
    }
    for (std::size_t step = 0; step + 1 < g; ++step) {
      const auto low = row_of(results[i].net_benefit, step);
      const auto high = row_of(results[i].net_benefit, step + 1);
      if (optimal_in(low) != optimal_in(high))
        open.push_back({i, results[i].values[step], results[i].values[step + 1], {low.begin(), low.end()},
                        {high.begin(), high.end()}});
    }
  }

  // Bisection of every open bracket at once: keep the half whose ends disagree, following
  // the switch out of the low end's optimal policy.
  while (!open.empty()) {
    std::vector<Bracket> still_open;
    std::vector<Bracket> narrowing;
    for (auto& bracket : open) {
      const double width = ranges[bracket.parameter].high - ranges[bracket.parameter].low;
      if (bracket.high - bracket.low <= options.tolerance * width) {
        results[bracket.parameter].switches.push_back(place_switch(bracket));
      } else {
        narrowing.push_back(std::move(bracket));
      }
    }
    if (narrowing.empty()) break;
    sim::Matrix midpoints{narrowing.size(), k, {}};
    for (const auto& bracket : narrowing) {
      midpoints.values.insert(midpoints.values.end(), base.begin(), base.end());
      midpoints.values[(midpoints.values.size() - k) + bracket.parameter] = (bracket.low + bracket.high) / 2.0;
    }
    const sim::Matrix at_midpoints = evaluate_checked(evaluate, midpoints);
    for (std::size_t b = 0; b < narrowing.size(); ++b) {
      auto& bracket = narrowing[b];
      const auto row = row_of(at_midpoints, b);
      const double middle = (bracket.low + bracket.high) / 2.0;
      const std::size_t at_middle = optimal_in(row);
      if (at_middle == bracket.from()) {
        bracket.low = middle;
        bracket.at_low.assign(row.begin(), row.end());
      } else {
        // A third policy optimal in the middle: the upper half holds a second switch.
        if (at_middle != bracket.to())
          still_open.push_back({bracket.parameter, middle, bracket.high, {row.begin(), row.end()}, bracket.at_high});
        bracket.high = middle;
        bracket.at_high.assign(row.begin(), row.end());
      }
      still_open.push_back(std::move(bracket));
    }
    open = std::move(still_open);
  }
  for (auto& result : results)
    std::sort(result.switches.begin(), result.switches.end(),
              [](const PolicySwitch& a, const PolicySwitch& b) { return a.value < b.value; });
  return results;
}

Tornado tornado(std::span<const double> base_net_benefit, std::span<const OneWayResult> one_way) {
  if (base_net_benefit.size() < 2) throw std::invalid_argument("tornado: need at least two policies");
  Tornado result;
  result.base_optimal = optimal_in(base_net_benefit);
  result.base_increment = increment_over_best_alternative(base_net_benefit, result.base_optimal);
  for (std::size_t i = 0; i < one_way.size(); ++i) {
    const auto& grid = one_way[i].net_benefit;
    result.bars.push_back({i, increment_over_best_alternative(row_of(grid, 0), result.base_optimal),
                           increment_over_best_alternative(row_of(grid, grid.rows - 1), result.base_optimal)});
  }
  std::stable_sort(result.bars.begin(), result.bars.end(), [](const TornadoBar& a, const TornadoBar& b) {
    return std::abs(a.at_high - a.at_low) > std::abs(b.at_high - b.at_low);
  });
  return result;
}

TwoWayMap two_way_map(std::span<const double> base, std::size_t first, ParameterRange first_range,
                      std::size_t second, ParameterRange second_range, std::size_t levels,
                      const DecisionEvaluator& evaluate) {
  if (first >= base.size() || second >= base.size() || first == second)
    throw std::invalid_argument("two-way map: need two different parameters");
  if (levels < 2) throw std::invalid_argument("two-way map: need at least 2 levels");
  TwoWayMap map;
  const auto spaced = [levels](ParameterRange range) {
    std::vector<double> values;
    for (std::size_t step = 0; step < levels; ++step)
      values.push_back(range.low + (range.high - range.low) * static_cast<double>(step) /
                                       static_cast<double>(levels - 1));
    return values;
  };
  map.first_values = spaced(first_range);
  map.second_values = spaced(second_range);
  const std::size_t k = base.size();
  sim::Matrix points{levels * levels, k, {}};
  for (const double a : map.first_values)
    for (const double b : map.second_values) {
      points.values.insert(points.values.end(), base.begin(), base.end());
      points.values[points.values.size() - k + first] = a;
      points.values[points.values.size() - k + second] = b;
    }
  map.net_benefit = evaluate_checked(evaluate, points);
  for (std::size_t cell = 0; cell < points.rows; ++cell) map.optimal.push_back(optimal_in(row_of(map.net_benefit, cell)));
  return map;
}

}  // namespace rapport::analysis
