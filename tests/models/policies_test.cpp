// Each policy's decision, the generated policy table, and the assignment of policies to physicians.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "models/model.hpp"
#include "models/policies/policy.hpp"
#include "models/population.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

RequestContext request(double trust, double relationship_days) {
  return {trust, relationship_days, /*selective_min_trust=*/0.75, /*selective_min_relationship_days=*/1095};
}

PolicyId id(std::string_view name) { return find_policy(name).value(); }
Response respond(std::string_view policy, const RequestContext& request) {
  return policy_info(id(policy)).respond(request);
}

TEST(Policies, FixedPoliciesIgnoreTheRequest) {
  for (const auto& r : {request(0.0, 0), request(0.5, 400), request(1.0, 10000)}) {
    EXPECT_EQ(respond("decline_all", r), Response::kDecline);
    EXPECT_EQ(respond("decline_explained", r), Response::kDecline);
    EXPECT_EQ(respond("decline_silent", r), Response::kDecline);
    EXPECT_EQ(respond("accept_all", r), Response::kAccept);
    EXPECT_EQ(respond("accept_with_rules", r), Response::kAccept);
    EXPECT_EQ(respond("professional_page", r), Response::kRedirectPage);
    EXPECT_EQ(respond("open_page", r), Response::kRedirectPage);
    EXPECT_EQ(respond("secure_portal", r), Response::kRedirectPortal);
  }
}

TEST(Policies, SelectiveAcceptsOnlyLongHighTrustRelationships) {
  EXPECT_EQ(respond("selective", request(0.75, 1095)), Response::kAccept);  // both thresholds are inclusive
  EXPECT_EQ(respond("selective", request(0.99, 5000)), Response::kAccept);
  EXPECT_EQ(respond("selective", request(0.7499, 5000)), Response::kRedirectPortal);
  EXPECT_EQ(respond("selective", request(0.99, 1094)), Response::kRedirectPortal);
  EXPECT_EQ(respond("selective", request(0.1, 10)), Response::kRedirectPortal);
  EXPECT_EQ(respond("selective", {0.5, 30, 0.5, 30}), Response::kAccept);  // thresholds come from the context
}

TEST(Policies, TableHoldsEveryPolicyFileInRankOrder) {
  const auto& table = policy_table();
  ASSERT_EQ(table.size(), kPolicyCount);
  EXPECT_EQ(table.front().name, "decline_all");  // the guideline, the default of an all-zero mix
  EXPECT_EQ(kDefaultPolicy, table.front().id);
  std::set<std::string_view> names;
  for (std::size_t k = 0; k < table.size(); ++k) {
    EXPECT_EQ(static_cast<std::size_t>(table[k].id), k);
    if (k > 0) {
      EXPECT_LT(table[k - 1].rank, table[k].rank) << "ranks must be unique: " << table[k].name;
    }
    EXPECT_EQ(find_policy(table[k].name), table[k].id);
    EXPECT_EQ(&policy_info(table[k].id), &table[k]);
    EXPECT_FALSE(table[k].summary.empty());
    EXPECT_NE(table[k].respond, nullptr);
    names.insert(table[k].name);
  }
  EXPECT_EQ(names.size(), kPolicyCount);
  EXPECT_EQ(find_policy("accept_some"), std::nullopt);
}

TEST(Policies, RanksKeepTheAssignmentOrderOfExistingPolicies) {
  // Pinned: a policy's rank decides which physicians follow it in a mix (docs/MODEL.md).
  const std::vector<std::pair<std::string_view, int>> pinned = {
      {"decline_all", 1}, {"accept_all", 2}, {"professional_page", 3}, {"secure_portal", 4}, {"selective", 5},
      {"decline_explained", 6}, {"decline_silent", 7}, {"accept_with_rules", 8}, {"open_page", 9}};
  for (const auto& [name, rank] : pinned) EXPECT_EQ(policy_info(id(name)).rank, rank) << name;
}

TEST(Policies, OnlyTheDeclineVariantsFixTheExplanation) {
  for (const auto& policy : policy_table()) {
    const auto expected = policy.name == "decline_explained" ? DeclineExplanation::kExplained
                          : policy.name == "decline_silent"  ? DeclineExplanation::kSilent
                                                             : DeclineExplanation::kScenarioDefault;
    EXPECT_EQ(policy.decline_explanation, expected) << policy.name;
  }
}

TEST(Policies, OnlyAcceptWithRulesKeepsContentRules) {
  for (const auto& policy : policy_table()) {
    EXPECT_EQ(policy.keeps_content_rules, policy.name == "accept_with_rules") << policy.name;
  }
}

TEST(Policies, OnlyTheTwoPagePoliciesKeepAPageAndOnlyOpenPageOpensItToThePanel) {
  for (const auto& policy : policy_table()) {
    EXPECT_EQ(policy.posts_on_page, policy.name == "professional_page" || policy.name == "open_page") << policy.name;
    EXPECT_EQ(policy.page_open_to_panel, policy.name == "open_page") << policy.name;
  }
}

std::array<std::size_t, kPolicyCount> counts(const std::vector<PolicyId>& policies) {
  std::array<std::size_t, kPolicyCount> c{};
  for (const auto id : policies) ++c[static_cast<std::size_t>(id)];
  return c;
}

TEST(AssignPolicies, CountsFollowTheLargestRemainder) {
  const sim::RandomStreams streams(3, 0);
  // 7 x (0.45, 0.35, 0.20) = (3.15, 2.45, 1.40): floors 3, 2, 1; the spare goes to the largest remainder.
  EXPECT_EQ(counts(assign_policies({0.45, 0.35, 0.20, 0, 0}, 7, streams)),
            (std::array<std::size_t, kPolicyCount>{3, 3, 1, 0, 0}));
  EXPECT_EQ(counts(assign_policies({0.2, 0.2, 0.2, 0.2, 0.2}, 10, streams)),
            (std::array<std::size_t, kPolicyCount>{2, 2, 2, 2, 2}));
  EXPECT_EQ(counts(assign_policies({0, 0, 0, 0, 1}, 13, streams)),
            (std::array<std::size_t, kPolicyCount>{0, 0, 0, 0, 13}));
  // 3 x 0.5 = 1.5 each: a tie is broken toward the earlier policy.
  EXPECT_EQ(counts(assign_policies({0.5, 0.5, 0, 0, 0}, 3, streams)),
            (std::array<std::size_t, kPolicyCount>{2, 1, 0, 0, 0}));
}

TEST(AssignPolicies, PhysicianOrderIsSharedAcrossMixes) {
  const sim::RandomStreams streams(2024, 1);
  const std::size_t n = 40;
  // Same shares under different policy names: the same physicians get them.
  const auto a = assign_policies({0.6, 0.4, 0, 0, 0}, n, streams);
  const auto b = assign_policies({0.6, 0, 0, 0.4, 0}, n, streams);
  for (std::size_t d = 0; d < n; ++d) {
    EXPECT_EQ(a[d] == id("decline_all"), b[d] == id("decline_all")) << d;
    EXPECT_EQ(a[d] == id("accept_all"), b[d] == id("secure_portal")) << d;
  }
  // A smaller decline share keeps a subset of the same physicians declining.
  const auto c = assign_policies({0.3, 0.7, 0, 0, 0}, n, streams);
  for (std::size_t d = 0; d < n; ++d) {
    if (c[d] == id("decline_all")) {
      EXPECT_EQ(a[d], id("decline_all")) << d;
    }
  }
  // The order is shuffled, not physician index order, and it is a function of the streams.
  std::vector<std::size_t> decliners;
  for (std::size_t d = 0; d < n; ++d) if (c[d] == id("decline_all")) decliners.push_back(d);
  EXPECT_NE(decliners, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_EQ(c, assign_policies({0.3, 0.7, 0, 0, 0}, n, streams));
  EXPECT_NE(c, assign_policies({0.3, 0.7, 0, 0, 0}, n, sim::RandomStreams(2024, 2)));
}

TEST(AssignPolicies, InitialWorldUsesTheScenarioMix) {
  const auto p = test::make_parameters({{"population.physicians", "20"},
                                        {"policy.mix.selective", "0.25"},
                                        {"policy.mix.professional_page", "0.75"}});
  const Model model(p);
  const auto world = model.initial_world(5, 0);
  EXPECT_EQ(world.physicians.policy, assign_policies(p.policy.mix, 20, world.streams));
  EXPECT_EQ(counts(world.physicians.policy), (std::array<std::size_t, kPolicyCount>{0, 0, 15, 0, 5}));
}

TEST(AssignPolicies, SpecialtyPolicyOverridesTheMixForThatSpecialtyOnly) {
  const auto p = test::make_parameters({{"population.physicians", "60"},
                                        {"policy.by_specialty.psychiatry", "\"secure_portal\""},
                                        {"policy.mix.decline_all", "0.5"},
                                        {"policy.mix.accept_all", "0.5"}});
  const Model model(p);
  const auto world = model.initial_world(5, 0);
  std::size_t psychiatrists = 0, others = 0, others_declining = 0;
  for (std::size_t d = 0; d < world.physicians.size(); ++d) {
    if (world.physicians.specialty[d] == Specialty::kPsychiatry) {
      ++psychiatrists;
      EXPECT_EQ(world.physicians.policy[d], id("secure_portal"));
    } else {
      ++others;
      EXPECT_NE(world.physicians.policy[d], id("secure_portal"));
      others_declining += world.physicians.policy[d] == id("decline_all");
    }
  }
  ASSERT_GT(psychiatrists, 0u);
  // The mix is apportioned over the other physicians only (largest remainder).
  EXPECT_EQ(others_declining, (others + 1) / 2);
}

TEST(AssignPolicies, UnknownSpecialtyPolicyIsRejectedWithTheChoices) {
  try {
    test::make_parameters({{"policy.by_specialty.pediatrics", "\"decline\""}});
    FAIL() << "an unknown policy name was accepted";
  } catch (const sim::ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("policy.by_specialty.pediatrics"), std::string::npos) << message;
    EXPECT_NE(message.find("decline_all"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace rapport::models
