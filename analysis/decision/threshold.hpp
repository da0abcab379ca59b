// Deterministic sensitivity of a decision: one-way threshold (tipping-point) analysis, the
// tornado diagram's data, and a two-way map. The decision is a callback that returns the
// expected net benefit of every policy at a batch of parameter points; the command answers
// it with fresh runs under common random numbers, in parallel over the batch. Method:
// docs/DECISION.md.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "sim/matrix.hpp"

namespace rapport::analysis {

// points [n, parameters] -> expected net benefit [n, policies].
using DecisionEvaluator = std::function<sim::Matrix(const sim::Matrix& points)>;

struct ParameterRange {
  double low = 0.0;
  double high = 1.0;
};

// The optimal policy changes from `from` to `to` as the parameter rises through `value`.
struct PolicySwitch {
  double value = 0.0;
  std::size_t from = 0;
  std::size_t to = 0;
};

struct OneWayOptions {
  std::size_t grid_points = 5;  // evenly spaced, ends included; switches between two grid
                                // points that cancel out (A -> B -> A) are not seen
  double tolerance = 1e-3;      // bracket width at which bisection stops, as a share of the range
};

struct OneWayResult {
  std::vector<double> values;  // the grid
  sim::Matrix net_benefit;     // [grid points, policies]
  std::vector<PolicySwitch> switches;  // in increasing value
};

// One result per parameter, each varied over its range with the others at `base`. Every
// round of evaluations (the grids, then one bisection step of every open bracket) is one
// call of `evaluate`. Each switch is bracketed to `tolerance` and then placed where the
// straight line between the bracket's ends crosses zero in NB(from) - NB(to), which is exact
// when net benefit is linear in the parameter.
std::vector<OneWayResult> one_way_analysis(std::span<const double> base, std::span<const ParameterRange> ranges,
                                           const DecisionEvaluator& evaluate, const OneWayOptions& options = {});

// A tornado bar: the net benefit of the base-case optimal policy minus that of the best
// alternative (negative: the decision changes) at the low and high end of a parameter.
struct TornadoBar {
  std::size_t parameter = 0;
  double at_low = 0.0;
  double at_high = 0.0;
};

struct Tornado {
  std::size_t base_optimal = 0;
  double base_increment = 0.0;  // the same difference at the base case
  std::vector<TornadoBar> bars;  // widest swing |at_high - at_low| first
};

// `base_net_benefit` is the evaluation at the base case; the bars use each one-way grid's ends.
Tornado tornado(std::span<const double> base_net_benefit, std::span<const OneWayResult> one_way);

struct TwoWayMap {
  std::vector<double> first_values;
  std::vector<double> second_values;
  sim::Matrix net_benefit;            // [first levels * second levels, policies], first slowest
  std::vector<std::size_t> optimal;   // per cell
};

TwoWayMap two_way_map(std::span<const double> base, std::size_t first, ParameterRange first_range,
                      std::size_t second, ParameterRange second_range, std::size_t levels,
                      const DecisionEvaluator& evaluate);

}  // namespace rapport::analysis
