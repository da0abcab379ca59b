// A whole decision analysis from a finished PSA (and, optionally, the deterministic one-way
// and two-way evaluations): the summary, acceptability curves, EVPI, EVPPI per parameter and
// group, the tornado; written to /decisions/<name>/ and told as a sentence a society could
// quote. Layout: docs/RESULTS.md; method: docs/DECISION.md.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/decision/evppi.hpp"
#include "analysis/decision/net_benefit.hpp"
#include "analysis/decision/threshold.hpp"
#include "sim/matrix.hpp"

namespace rapport::sim {
class Hdf5File;
}  // namespace rapport::sim

namespace rapport::analysis {

struct ParameterGroup {
  std::string name;
  std::vector<std::size_t> members;  // parameter indices
};

struct DecisionInputs {
  std::string name;
  std::string description;
  std::vector<std::string> policies;
  std::vector<std::string> parameters;
  std::vector<ParameterRange> ranges;   // per parameter: the threshold and tornado range
  std::vector<double> base;             // per parameter: the base case (distribution mean)
  std::vector<OutcomeWeight> weights;   // one per outcome, in outcome order
  sim::Matrix parameter_draws;          // [draws, parameters]
  std::vector<double> outcomes;         // [draws, policies, outcomes]
  double willingness_to_pay = 0.0;      // the headline value
  std::vector<double> willingness_to_pay_range;
  std::vector<ParameterGroup> groups;
  // Deterministic evaluations at the headline willingness to pay, when they were run.
  std::vector<double> base_net_benefit;     // [policies]
  std::vector<OneWayResult> one_way;        // per parameter, or empty
  std::optional<std::pair<std::size_t, std::size_t>> two_way_pair;
  std::optional<TwoWayMap> two_way;
};

struct DecisionResults {
  HealthAndCost health_and_cost;
  sim::Matrix net_benefit;  // at the headline willingness to pay
  DecisionSummary summary;
  AcceptabilityCurves acceptability;
  std::vector<EvppiEstimate> parameter_evppi;
  std::vector<EvppiEstimate> group_evppi;
  std::optional<Tornado> tornado;
};

DecisionResults analyse_decision(const DecisionInputs& inputs);

void write_decision(sim::Hdf5File& file, const DecisionInputs& inputs, const DecisionResults& results);

// "Recommend X; probability best P; the recommendation changes if Y exceeds Z; the most
// valuable evidence to collect is W", with the numbers behind each clause.
std::string quotable_summary(const DecisionInputs& inputs, const DecisionResults& results);

}  // namespace rapport::analysis
