#include "models/policies/policy.hpp"

#include <algorithm>

namespace rapport::models {

const std::array<PolicyInfo, kPolicyCount>& policy_table() {
  static const std::array<PolicyInfo, kPolicyCount> table = [] {
    std::array<const PolicyDefinition*, kPolicyCount> ranked = kPolicyDefinitions;
    std::sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) { return a->rank < b->rank; });
    std::array<PolicyInfo, kPolicyCount> rows;
    for (std::size_t k = 0; k < kPolicyCount; ++k) rows[k] = {*ranked[k], static_cast<PolicyId>(k)};
    return rows;
  }();
  return table;
}

const PolicyInfo& policy_info(PolicyId id) { return policy_table()[static_cast<std::size_t>(id)]; }

std::optional<PolicyId> find_policy(std::string_view name) {
  const auto& table = policy_table();
  const auto it = std::find_if(table.begin(), table.end(), [&](const PolicyInfo& p) { return p.name == name; });
  if (it == table.end()) return std::nullopt;
  return it->id;
}

}  // namespace rapport::models
