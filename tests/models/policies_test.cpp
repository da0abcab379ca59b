// The five response functions and the assignment of policies to physicians.
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

TEST(Policies, FixedPoliciesIgnoreTheRequest) {
  for (const auto& r : {request(0.0, 0), request(0.5, 400), request(1.0, 10000)}) {
    EXPECT_EQ(respond_decline_all(r), Response::kDecline);
    EXPECT_EQ(respond_accept_all(r), Response::kAccept);
    EXPECT_EQ(respond_professional_page(r), Response::kRedirectPage);
    EXPECT_EQ(respond_secure_portal(r), Response::kRedirectPortal);
  }
}

TEST(Policies, SelectiveAcceptsOnlyLongHighTrustRelationships) {
  EXPECT_EQ(respond_selective(request(0.75, 1095)), Response::kAccept);  // both thresholds are inclusive
  EXPECT_EQ(respond_selective(request(0.99, 5000)), Response::kAccept);
  EXPECT_EQ(respond_selective(request(0.7499, 5000)), Response::kRedirectPortal);
  EXPECT_EQ(respond_selective(request(0.99, 1094)), Response::kRedirectPortal);
  EXPECT_EQ(respond_selective(request(0.1, 10)), Response::kRedirectPortal);
  EXPECT_EQ(respond_selective({0.5, 30, 0.5, 30}), Response::kAccept);  // thresholds come from the context
}

TEST(Policies, TableListsFiveNamedPoliciesInIdOrder) {
  const auto& table = policy_table();
  const std::vector<std::string_view> names = {"decline_all", "accept_all", "professional_page", "secure_portal",
                                               "selective"};
  ASSERT_EQ(table.size(), names.size());
  for (std::size_t k = 0; k < table.size(); ++k) {
    EXPECT_EQ(table[k].name, names[k]);
    EXPECT_EQ(static_cast<std::size_t>(table[k].id), k);
    EXPECT_EQ(find_policy(names[k]), table[k].id);
    EXPECT_EQ(&policy_info(table[k].id), &table[k]);
    EXPECT_FALSE(table[k].summary.empty());
    EXPECT_EQ(table[k].posts_on_page, table[k].id == PolicyId::kProfessionalPage);
  }
  EXPECT_EQ(find_policy("accept_some"), std::nullopt);
  EXPECT_EQ(policy_info(PolicyId::kSelective).respond(request(0.9, 2000)), Response::kAccept);
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
    EXPECT_EQ(a[d] == PolicyId::kDeclineAll, b[d] == PolicyId::kDeclineAll) << d;
    EXPECT_EQ(a[d] == PolicyId::kAcceptAll, b[d] == PolicyId::kSecurePortal) << d;
  }
  // A smaller decline share keeps a subset of the same physicians declining.
  const auto c = assign_policies({0.3, 0.7, 0, 0, 0}, n, streams);
  for (std::size_t d = 0; d < n; ++d) {
    if (c[d] == PolicyId::kDeclineAll) {
      EXPECT_EQ(a[d], PolicyId::kDeclineAll) << d;
    }
  }
  // The order is shuffled, not physician index order, and it is a function of the streams.
  std::vector<std::size_t> decliners;
  for (std::size_t d = 0; d < n; ++d) if (c[d] == PolicyId::kDeclineAll) decliners.push_back(d);
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
      EXPECT_EQ(world.physicians.policy[d], PolicyId::kSecurePortal);
    } else {
      ++others;
      EXPECT_NE(world.physicians.policy[d], PolicyId::kSecurePortal);
      others_declining += world.physicians.policy[d] == PolicyId::kDeclineAll;
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
