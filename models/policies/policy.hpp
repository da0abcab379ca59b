// The friend-request policies. Each file of this folder other than policy.cpp defines
// one policy, a PolicyDefinition named after the file; models/CMakeLists.txt generates
// the list of them (policy_list.hpp), so a new policy is one new file (and its test).
// The CLI, the parameter schema, the docs and the tests read policy_table().
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rapport::models {

enum class Response : std::uint8_t { kDecline, kAccept, kRedirectPage, kRedirectPortal };

// What a physician knows when answering one request.
struct RequestContext {
  double trust = 0;
  double relationship_days = 0;
  double selective_min_trust = 0;
  double selective_min_relationship_days = 0;
};

using PolicyFunction = Response (*)(const RequestContext&);

// Whether a decline is explained to the patient (BMA 2011: refuse politely and say why),
// which softens the decline's trust penalty and the awkward next visit by trust.rel_disclosed.
enum class DeclineExplanation : std::uint8_t {
  kScenarioDefault,  // as the scenario's policy.disclosed says
  kExplained,        // always, whatever policy.disclosed says
  kSilent,           // never, whatever policy.disclosed says
};

struct PolicyDefinition {
  std::string_view name;
  // The policy's place in the assignment order (docs/MODEL.md, "Policy assignment") and in
  // every list: fixed once given, unique, so a new policy (the next number) moves no
  // physician of an existing scenario to another policy.
  std::uint8_t rank;
  std::string_view summary;
  PolicyFunction respond;
  bool posts_on_page = false;  // keeps a public professional page with public-health posts
  DeclineExplanation decline_explanation = DeclineExplanation::kScenarioDefault;
  // Keeps the content rules of the rules.* parameters: fewer identifiable-patient and
  // unprofessional personal posts, clinical questions on the personal channel sent to the portal.
  bool keeps_content_rules = false;
  // The page (posts_on_page) is open to the whole panel: patients who use social media follow
  // it without asking, and its upkeep counts as after-hours work (open_page.* parameters).
  bool page_open_to_panel = false;
};

}  // namespace rapport::models

#include "models/policies/policy_list.hpp"  // generated: kPolicyCount, kPolicyDefinitions

namespace rapport::models {

// A policy's position in policy_table(), which is in rank order.
enum class PolicyId : std::uint8_t {};

struct PolicyInfo : PolicyDefinition {
  PolicyId id;
};

// Every policy, in rank order.
const std::array<PolicyInfo, kPolicyCount>& policy_table();
const PolicyInfo& policy_info(PolicyId id);
std::optional<PolicyId> find_policy(std::string_view name);

// The guideline (rank 1, decline_all), followed when a scenario's policy mix is all zero.
inline constexpr PolicyId kDefaultPolicy{0};

}  // namespace rapport::models
