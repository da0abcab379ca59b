#include "analysis/mechanism_attribution.hpp"

#include <algorithm>

namespace rapport::analysis {
namespace {

// The effects per requester of `policy` against `baseline`, one per outcome.
std::vector<RequesterEffect> effects_of(const Results& results, const std::string& baseline,
                                        const std::string& policy) {
  auto effects = requester_effects(results, baseline);
  std::erase_if(effects, [&](const RequesterEffect& e) { return e.scenario != policy; });
  if (effects.empty()) {
    throw AnalysisInputError("'" + policy + "' has no outcome totals to compare with '" + baseline + "'");
  }
  return effects;
}

}  // namespace

std::vector<MechanismContribution> attribute_to_mechanisms(const Results& results, const std::string& baseline,
                                                           const std::string& policy,
                                                           const std::vector<MechanismPair>& pairs) {
  const auto all_on = effects_of(results, baseline, policy);
  std::vector<MechanismContribution> rows;
  for (const auto& effect : all_on) rows.push_back({"", effect.outcome, effect.total, 0.0});
  for (const auto& pair : pairs) {
    for (const auto& effect : effects_of(results, pair.baseline, pair.policy)) {
      const auto on = std::find_if(all_on.begin(), all_on.end(),
                                   [&](const RequesterEffect& e) { return e.outcome == effect.outcome; });
      if (on == all_on.end()) {
        throw AnalysisInputError("'" + pair.policy + "' has the outcome '" + effect.outcome + "' that '" + policy +
                                 "' lacks");
      }
      rows.push_back({pair.mechanism, effect.outcome, effect.total, on->total.mean - effect.total.mean});
    }
  }
  return rows;
}

}  // namespace rapport::analysis
