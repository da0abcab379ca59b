// Which mechanisms decide the difference between two policies: the effect per requester of
// a policy against a baseline with every mechanism on, and again with each mechanism off in
// both (common random numbers). A mechanism's contribution is the effect with everything on
// minus the effect without it; contributions need not add up to the whole effect, since
// mechanisms interact. Used by `rapport explain`; docs/ANALYSIS.md, "Explaining a difference".
#pragma once

#include <string>
#include <vector>

#include "analysis/requester_effects.hpp"

namespace rapport::analysis {

// Scenario names in one results file: the policy and its baseline with one mechanism off.
struct MechanismPair {
  std::string mechanism;
  std::string baseline;
  std::string policy;
};

struct MechanismContribution {
  std::string mechanism;  // "" for the effect with every mechanism on
  std::string outcome;
  SampleSummary effect;   // per requester, policy against baseline, with the mechanism off
  double contribution = 0.0;  // effect with every mechanism on minus `effect`; 0 for the first rows
};

// The effect per requester of `policy` against `baseline` (rows with an empty mechanism), then
// for each pair the same effect with that mechanism off and its contribution, outcome by outcome.
// Throws AnalysisInputError as requester_effects does.
std::vector<MechanismContribution> attribute_to_mechanisms(const Results& results, const std::string& baseline,
                                                           const std::string& policy,
                                                           const std::vector<MechanismPair>& pairs);

}  // namespace rapport::analysis
