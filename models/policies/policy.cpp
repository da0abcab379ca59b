#include "models/policies/policy.hpp"

#include <algorithm>

namespace rapport::models {

const std::array<PolicyInfo, kPolicyCount>& policy_table() {
  static const std::array<PolicyInfo, kPolicyCount> table = {{
      {PolicyId::kDeclineAll, "decline_all", "decline every friend request (ACP-FSMB, BMA guidance)",
       respond_decline_all, false},
      {PolicyId::kAcceptAll, "accept_all", "accept every request; patients gain a personal messaging channel",
       respond_accept_all, false},
      {PolicyId::kProfessionalPage, "professional_page",
       "redirect to a public professional page (public-health posts, no private messages)",
       respond_professional_page, true},
      {PolicyId::kSecurePortal, "secure_portal", "redirect to the secure patient portal for clinical messages",
       respond_secure_portal, false},
      {PolicyId::kSelective, "selective",
       "accept long, high-trust relationships; redirect everyone else to the portal", respond_selective, false},
  }};
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
