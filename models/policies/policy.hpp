// The built-in friend-request policies: one table row per policy, one file per
// policy function. The CLI, the validator and the docs all read this table.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rapport::models {

enum class PolicyId : std::uint8_t { kDeclineAll, kAcceptAll, kProfessionalPage, kSecurePortal, kSelective };
inline constexpr std::size_t kPolicyCount = 5;

enum class Response : std::uint8_t { kDecline, kAccept, kRedirectPage, kRedirectPortal };

// What a physician knows when answering one request.
struct RequestContext {
  double trust = 0;
  double relationship_days = 0;
  double selective_min_trust = 0;
  double selective_min_relationship_days = 0;
};

using PolicyFunction = Response (*)(const RequestContext&);

struct PolicyInfo {
  PolicyId id;
  std::string_view name;
  std::string_view summary;
  PolicyFunction respond;
  bool posts_on_page;  // keeps a public professional page with public-health posts
};

Response respond_decline_all(const RequestContext& request);
Response respond_accept_all(const RequestContext& request);
Response respond_professional_page(const RequestContext& request);
Response respond_secure_portal(const RequestContext& request);
Response respond_selective(const RequestContext& request);

const std::array<PolicyInfo, kPolicyCount>& policy_table();
const PolicyInfo& policy_info(PolicyId id);
std::optional<PolicyId> find_policy(std::string_view name);

}  // namespace rapport::models
