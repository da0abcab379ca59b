// Net benefit of a probabilistic sensitivity analysis: outcomes weighted into health and
// cost, net monetary benefit NB = wtp * health - cost per draw and policy, its expectation
// with intervals, the optimal policy, the probability that each policy is best,
// acceptability curves with their frontier, and the expected value of perfect information.
// Tables are sim::Matrix with one row per draw and one column per policy. Formulas:
// docs/DECISION.md.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "analysis/statistics.hpp"
#include "sim/matrix.hpp"

namespace rapport::analysis {

// One outcome's worth per unit, in health units (e.g. QALYs) and in money; an outcome may
// carry both. Harms have negative health or positive cost.
struct OutcomeWeight {
  std::string outcome;
  double health_per_unit = 0.0;
  double cost_per_unit = 0.0;
};

struct HealthAndCost {
  sim::Matrix health;  // [draws, policies]
  sim::Matrix cost;    // [draws, policies]
};

// `outcomes` is [draws, policies, weights.size()] row-major, in each outcome's own unit.
HealthAndCost weigh_outcomes(std::span<const double> outcomes, std::size_t draws, std::size_t policies,
                             std::span<const OutcomeWeight> weights);

// NB = wtp * health - cost, [draws, policies].
sim::Matrix net_benefit(const HealthAndCost& outcomes, double willingness_to_pay);

// Probability that each policy has the highest net benefit: its share of the draws, a draw
// in which k policies tie for the highest counting 1/k for each (common random numbers make
// exact ties common when policies act on no one in a draw).
std::vector<double> probability_best(const sim::Matrix& net_benefit);

struct PolicyNetBenefit {
  SampleSummary expected;       // mean over draws with its Monte Carlo (Student-t) interval
  double draws_low = 0.0;       // 2.5% and 97.5% quantiles over draws: the spread due to
  double draws_high = 0.0;      // parameter uncertainty, not the precision of the mean
  double probability_best = 0.0;
};

struct DecisionSummary {
  std::vector<PolicyNetBenefit> policies;
  std::size_t optimal = 0;  // highest expected net benefit (lower index on ties)
  double evpi = 0.0;
};

// EVPI = mean over draws of max_p NB - max_p of mean NB (never negative).
double expected_value_of_perfect_information(const sim::Matrix& net_benefit);

DecisionSummary summarize_decision(const sim::Matrix& net_benefit);

struct AcceptabilityCurves {
  std::vector<double> willingness_to_pay;
  sim::Matrix probability_best;             // [wtp, policies]: the acceptability curves
  std::vector<std::size_t> frontier_policy; // optimal policy (highest expected NB) at each wtp
  std::vector<double> frontier_probability; // its probability of being best: the frontier
  std::vector<double> evpi;                 // EVPI at each wtp
};

AcceptabilityCurves acceptability_curves(const HealthAndCost& outcomes, std::span<const double> willingness_to_pay);

}  // namespace rapport::analysis
