// The invariants of MODEL-SPEC.md, held on small whole-model runs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "models/mechanisms.hpp"
#include "models/model.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

using test::metric;
using models::metric;
using test::Overrides;

// Every policy's name, from the policy table.
const std::vector<std::string> kPolicies = [] {
  std::vector<std::string> names;
  for (const auto& policy : policy_table()) names.emplace_back(policy.name);
  return names;
}();

// Many requests, every physician findable, breaches frequent enough to be seen.
Overrides busy(const Overrides& extra = {}) {
  return test::merged({{"run.days", "240"},
                       {"population.physicians", "8"},
                       {"population.patients_per_physician", "150"},
                       {"physicians.p_personal_presence", "1"},
                       {"requests.rate_per_year", "0.5"},
                       {"requests.cooldown_days", "30"},
                       {"breaches.p_per_message_personal", "0.02"},
                       {"breaches.p_per_message_portal", "0.002"},
                       {"breaches.boundary_incidents_per_link_year", "1"},
                       {"posts.p_privacy_violation", "0.05"},
                       {"cascade.p_share", "0.2"}},
                      extra);
}

RunResult run(const Overrides& overrides, std::uint64_t seed = 17, std::uint32_t replicate = 0) {
  return Model(test::make_parameters(overrides)).run(seed, replicate);
}

double total(const RunResult& r, MetricId m) {
  double sum = 0;
  for (std::size_t t = 0; t < r.series.n_days(); ++t) sum += metric(r.series, m, t);
  return sum;
}

// Every metric but the policy shares, which name the policy, the one thing that differs.
bool bit_identical(const sim::DailySeries& a, const sim::DailySeries& b, std::string* where = nullptr) {
  if (a.n_days() != b.n_days()) return false;
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    if (metric_table()[m].name.starts_with("policy_share_")) continue;
    for (std::size_t t = 0; t < a.n_days(); ++t) {
      const double x = a.at(m, t), y = b.at(m, t);
      if (std::memcmp(&x, &y, sizeof x) != 0) {
        if (where) *where = std::string(metric_table()[m].name) + " day " + std::to_string(t);
        return false;
      }
    }
  }
  return true;
}

TEST(DeclineAll, NeverAcceptsAndNeverBreachesAPersonalChannel) {
  for (const std::uint32_t replicate : {0u, 1u}) {
    const auto r = run(busy({{"policy.mix.decline_all", "1"}}), 5, replicate);
    EXPECT_GT(total(r, metric("requests_declined")), 10) << "the scenario must produce declines to mean anything";
    for (std::size_t t = 0; t < r.series.n_days(); ++t) {
      ASSERT_EQ(metric(r.series, metric("requests_accepted"), t), 0.0) << t;
      ASSERT_EQ(metric(r.series, metric("requests_redirected"), t), 0.0) << t;
      ASSERT_EQ(metric(r.series, metric("breaches_personal"), t), 0.0) << t;
      ASSERT_EQ(metric(r.series, metric("links_personal"), t), 0.0) << t;
      ASSERT_EQ(metric(r.series, metric("messages_personal"), t), 0.0) << t;
      ASSERT_EQ(metric(r.series, metric("boundary_incidents"), t), 0.0) << t;
    }
    for (const double friends : r.physicians.personal_friends) EXPECT_EQ(friends, 0.0);
  }
}

TEST(AcceptAll, AcceptsEveryAnsweredRequest) {
  const auto r = run(busy({{"policy.mix.accept_all", "1"}}));
  EXPECT_GT(total(r, metric("requests_accepted")), 10);
  EXPECT_EQ(total(r, metric("requests_declined")), 0.0);
  EXPECT_EQ(total(r, metric("requests_redirected")), 0.0);
  // Under the same busy settings personal channels do produce breaches, so the
  // decline_all check above is not vacuous.
  EXPECT_GT(total(r, metric("breaches_personal")), 0.0);
}

// open_page acts without requests (its page is open to the whole panel), and both page
// policies keep their page: with the follow rate and the upkeeps at 0 they too are the same;
// with them on they are not.
TEST(NoRequests, EveryPolicyGivesTheSameTrajectory) {
  const auto settings = busy({{"requests.rate_per_year", "0"},
                              {"open_page.follow_per_year", "0"},
                              {"open_page.upkeep_minutes_per_week", "0"},
                              {"professional_page.upkeep_minutes_per_week", "0"}});
  RunResult reference = run(test::merged(settings, {{"policy.mix." + kPolicies[0], "1"}}));
  for (std::size_t k = 1; k < kPolicyCount; ++k) {
    const auto other = run(test::merged(settings, {{"policy.mix." + kPolicies[k], "1"}}));
    std::string where;
    EXPECT_TRUE(bit_identical(reference.series, other.series, &where))
        << kPolicies[k] << " differs from " << kPolicies[0] << " at " << where;
    EXPECT_EQ(other.trust_histogram, reference.trust_histogram) << kPolicies[k];
    EXPECT_EQ(other.adherence_histogram, reference.adherence_histogram) << kPolicies[k];
  }
  EXPECT_EQ(total(reference, metric("friend_requests")), 0.0);
  EXPECT_GT(total(reference, metric("messages")), 0.0);  // the runs still do things
  const auto open_page = run(busy({{"requests.rate_per_year", "0"}, {"policy.mix.open_page", "1"}}));
  EXPECT_FALSE(bit_identical(reference.series, open_page.series));
  EXPECT_GT(total(open_page, metric("public_health_posts")), 0.0);
  const auto closed_page = run(busy({{"requests.rate_per_year", "0"}, {"policy.mix.professional_page", "1"}}));
  EXPECT_FALSE(bit_identical(reference.series, closed_page.series));
  EXPECT_GT(total(closed_page, metric("page_upkeep_minutes")), 0.0);
}

// decline_explained and decline_silent are decline_all with the explanation fixed: each
// reproduces decline_all under policy.disclosed = true or false, bit for bit, whatever the
// scenario's own policy.disclosed.
TEST(DeclineVariants, ExplainedAndSilentAreDeclineAllWithTheExplanationFixed) {
  const auto decline_all = [](const char* disclosed) {
    return run(busy({{"policy.mix.decline_all", "1"}, {"policy.disclosed", disclosed}}));
  };
  const auto explained_reference = decline_all("true"), silent_reference = decline_all("false");
  for (const char* disclosed : {"true", "false"}) {
    const auto explained = run(busy({{"policy.mix.decline_explained", "1"}, {"policy.disclosed", disclosed}}));
    const auto silent = run(busy({{"policy.mix.decline_silent", "1"}, {"policy.disclosed", disclosed}}));
    std::string where;
    EXPECT_TRUE(bit_identical(explained.series, explained_reference.series, &where)) << disclosed << ": " << where;
    EXPECT_TRUE(bit_identical(silent.series, silent_reference.series, &where)) << disclosed << ": " << where;
    EXPECT_EQ(explained.trust_histogram, explained_reference.trust_histogram) << disclosed;
    EXPECT_EQ(silent.trust_histogram, silent_reference.trust_histogram) << disclosed;
  }
  // Not vacuous: requests were declined, and an explanation changes trust.
  EXPECT_GT(total(silent_reference, metric("requests_declined")), 0.0);
  EXPECT_FALSE(bit_identical(explained_reference.series, silent_reference.series));
}

// accept_with_rules is accept_all plus content rules, each rule a strength in [0, 1].
Overrides with_rules(const char* privacy, const char* professional, const char* redirect) {
  return busy({{"policy.mix.accept_with_rules", "1"},
               {"rules.privacy_violation_reduction", privacy},
               {"rules.professional_share", professional},
               {"rules.portal_redirect_share", redirect},
               {"posts.personal_per_week", "5"},
               {"posts.p_unprofessional", "0.2"},
               {"messages.personal_per_year", "12"}});
}

TEST(AcceptWithRules, RulesOfNoStrengthAreAcceptAll) {
  const auto rules = run(with_rules("0", "0", "0"));
  auto accept_all = with_rules("0", "0", "0");
  accept_all.erase("policy.mix.accept_with_rules");
  accept_all["policy.mix.accept_all"] = "1";
  const auto reference = run(accept_all);
  std::string where;
  EXPECT_TRUE(bit_identical(rules.series, reference.series, &where)) << where;
  EXPECT_EQ(rules.trust_histogram, reference.trust_histogram);
  EXPECT_GT(total(reference, metric("unprofessional_posts")), 0.0);
}

TEST(AcceptWithRules, RulesAtFullStrengthLeaveNoPersonalBreachOrUnprofessionalPost) {
  const auto r = run(with_rules("1", "1", "1"));
  EXPECT_GT(total(r, metric("requests_accepted")), 10);
  EXPECT_GT(total(r, metric("messages_portal")), 10) << "the friends' questions go to the portal";
  EXPECT_GT(total(r, metric("boundary_incidents")), 0.0) << "the friendships stay";
  for (std::size_t t = 0; t < r.series.n_days(); ++t) {
    ASSERT_EQ(metric(r.series, metric("breaches_personal"), t), 0.0) << t;
    ASSERT_EQ(metric(r.series, metric("unprofessional_posts"), t), 0.0) << t;
    ASSERT_EQ(metric(r.series, metric("messages_personal"), t), 0.0) << t;
  }
  const auto without = run(with_rules("0", "0", "0"));  // not vacuous: the same run without rules has them
  EXPECT_GT(total(without, metric("breaches_personal")), 0.0);
  EXPECT_GT(total(without, metric("messages_personal")), 0.0);
}

// With no portal users at the start (accept_with_rules redirects no request to the portal),
// every portal message is a redirected personal-channel question: the portal's share of
// messages is the redirect share, within binomial tolerance (four standard errors).
TEST(AcceptWithRules, RedirectedShareOfMessagesIsThePortalRedirectShare) {
  for (const double share : {0.3, 0.8}) {
    const auto r = run(test::merged(with_rules("0.15", "0.5", std::to_string(share).c_str()),
                                    {{"population.p_portal_user", "0"}}));
    const double portal = total(r, metric("messages_portal")), all = total(r, metric("messages"));
    ASSERT_GT(all, 400) << "too few messages for the tolerance";
    EXPECT_NEAR(portal / all, share, 4 * std::sqrt(share * (1 - share) / all)) << portal << " of " << all;
  }
}

// Per post, the rules multiply the unprofessional chance by 1 - rules.professional_share and
// the physician's privacy-violation trait by 1 - rules.privacy_violation_reduction; without
// rules posts.p_unprofessional and the trait stand.
TEST(AcceptWithRules, RulesScaleThePerPostRisks) {
  const Parameters p = test::make_parameters(with_rules("0.4", "0.25", "0"));
  const auto risks = post_risks(p, true, 0.3);
  EXPECT_DOUBLE_EQ(risks.p_unprofessional, 0.2 * 0.75);
  EXPECT_DOUBLE_EQ(risks.p_privacy_violation, 0.3 * 0.6);
  const auto unruled = post_risks(p, false, 0.3);
  EXPECT_DOUBLE_EQ(unruled.p_unprofessional, 0.2);
  EXPECT_DOUBLE_EQ(unruled.p_privacy_violation, 0.3);
}

TEST(CommonRandomNumbers, AcceptAllAndDeclineAllShareEverythingWithoutRequests) {
  const auto settings = busy({{"requests.rate_per_year", "0"}, {"run.days", "120"}});
  const auto accept = run(test::merged(settings, {{"policy.mix.accept_all", "1"}}), 99, 3);
  const auto decline = run(test::merged(settings, {{"policy.mix.decline_all", "1"}}), 99, 3);
  std::string where;
  EXPECT_TRUE(bit_identical(accept.series, decline.series, &where)) << where;
}

TEST(CommonRandomNumbers, VisitsAndFirstDayRequestsAreSharedAcrossPolicies) {
  const auto reference = run(busy({{"policy.mix.decline_all", "1"}}));
  for (std::size_t k = 1; k < kPolicyCount; ++k) {
    const auto other = run(busy({{"policy.mix." + kPolicies[k], "1"}}));
    EXPECT_EQ(metric(other.series, metric("friend_requests"), 0), metric(reference.series, metric("friend_requests"), 0));
    for (std::size_t t = 0; t < reference.series.n_days(); ++t) {
      ASSERT_EQ(metric(other.series, metric("visits"), t), metric(reference.series, metric("visits"), t))
          << kPolicies[k] << " day " << t;
    }
  }
}

class EveryPolicy : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryPolicy, StateStaysInBoundsAndCountsAreConsistent) {
  const auto params = test::make_parameters(busy({{"policy.mix." + GetParam(), "1"},
                                                  {"physicians.p_personal_presence", "0.5"}}));
  const Model model(params);
  World world = model.initial_world(23, 1);
  const auto days = static_cast<std::uint32_t>(params.run.days);
  const auto n_patients = static_cast<double>(world.patients.size());
  sim::DailySeries series(kMetricCount, days);
  double requests = 0, answered = 0, breaches = 0;
  for (std::uint32_t t = 0; t < days; ++t) {
    model.advance_day(world, t, series);
    for (std::size_t i = 0; i < world.patients.size(); ++i) {
      ASSERT_GE(world.patients.trust[i], 0.0f) << "patient " << i << " day " << t;
      ASSERT_LE(world.patients.trust[i], 1.0f) << "patient " << i << " day " << t;
      ASSERT_GE(world.patients.exposure[i], 0.0f);
      ASSERT_LE(world.patients.exposure[i], 1.0f);
      // The trust pass skips the exposure of panels without a patient ever reached by a post.
      if (world.patients.exposure[i] != 0.0f) ASSERT_TRUE(world.patients.has(i, kEverReached)) << "patient " << i;
    }
    for (const auto m : {metric("trust_mean"), metric("adherence_mean"), metric("info_reach")}) {
      ASSERT_GE(metric(series, m, t), 0.0);
      ASSERT_LE(metric(series, m, t), 1.0);
    }
    for (std::size_t m = 0; m < kMetricCount; ++m) ASSERT_GE(series.at(m, t), 0.0) << metric_table()[m].name;
    for (const auto m : {metric("links_personal"), metric("links_page"), metric("links_portal"), metric("requests_pending")}) {
      ASSERT_LE(metric(series, m, t), n_patients);
    }
    // Each request is answered exactly once: sent = answered + still pending.
    requests += metric(series, metric("friend_requests"), t);
    answered += metric(series, metric("requests_accepted"), t) + metric(series, metric("requests_declined"), t) +
                metric(series, metric("requests_redirected"), t);
    ASSERT_EQ(requests, answered + metric(series, metric("requests_pending"), t)) << "day " << t;
    // Cumulative breaches never decrease and add up the daily breaches.
    breaches += metric(series, metric("breaches"), t);
    ASSERT_EQ(metric(series, metric("breaches_cumulative"), t), breaches);
    ASSERT_EQ(metric(series, metric("breaches"), t),
              metric(series, metric("breaches_personal"), t) + metric(series, metric("breaches_portal"), t));
    if (t > 0) {
      ASSERT_GE(metric(series, metric("breaches_cumulative"), t), metric(series, metric("breaches_cumulative"), t - 1));
      ASSERT_GE(metric(series, metric("info_reach"), t), metric(series, metric("info_reach"), t - 1));
    }
  }
  EXPECT_GT(requests, 20) << "too few requests for the check to mean anything";
  EXPECT_GT(breaches, 0.0);
  double received = 0;
  for (const double r : world.physicians.requests_received) received += r;
  EXPECT_EQ(received, requests);
}

INSTANTIATE_TEST_SUITE_P(Policies, EveryPolicy, ::testing::ValuesIn(kPolicies.begin(), kPolicies.end()),
                         [](const auto& test_info) { return test_info.param; });

TEST(MixedPolicies, EachRequestIsAnsweredExactlyOnceOverAWholeRun) {
  const auto r = run(busy({{"policy.mix.decline_all", "0.2"}, {"policy.mix.accept_all", "0.2"},
                           {"policy.mix.professional_page", "0.2"}, {"policy.mix.secure_portal", "0.2"},
                           {"policy.mix.selective", "0.2"}, {"physicians.p_personal_presence", "0.6"}}));
  double requests = 0, answered = 0;
  for (std::size_t t = 0; t < r.series.n_days(); ++t) {
    requests += metric(r.series, metric("friend_requests"), t);
    answered += metric(r.series, metric("requests_accepted"), t) + metric(r.series, metric("requests_declined"), t) +
                metric(r.series, metric("requests_redirected"), t);
    ASSERT_EQ(requests, answered + metric(r.series, metric("requests_pending"), t)) << "day " << t;
  }
  EXPECT_GT(answered, 20);
  double received = 0;
  for (std::size_t d = 0; d < r.physicians.requests_received.size(); ++d) {
    received += r.physicians.requests_received[d];
    if (r.physicians.findable[d] == 0.0) {
      EXPECT_EQ(r.physicians.requests_received[d], 0.0) << "physician " << d;
    }
  }
  EXPECT_EQ(received, requests);
}

TEST(WordOfMouth, WithoutFriendshipsPostsReachOnlyTheDirectAudience) {
  // Page posts are the only public-health posts here and followers never leave,
  // so without friendships everyone ever reached is a follower.
  const auto r = run(busy({{"policy.mix.professional_page", "1"}, {"network.mean_degree", "0"},
                           {"cascade.p_share", "1"}, {"cascade.max_hops", "5"}, {"posts.page_per_week", "7"}}));
  const double n = 8 * 150;
  double reached = 0;
  for (std::size_t t = 0; t < r.series.n_days(); ++t) {
    reached = metric(r.series, metric("info_reach"), t) * n;
    ASSERT_LE(std::round(reached), metric(r.series, metric("links_page"), t)) << "day " << t;
  }
  EXPECT_GT(reached, 0.0);
  // With friendships and certain sharing, the same posts reach beyond the followers.
  const auto spread = run(busy({{"policy.mix.professional_page", "1"}, {"cascade.p_share", "1"},
                                {"cascade.max_hops", "5"}, {"posts.page_per_week", "7"}}));
  const auto last = spread.series.n_days() - 1;
  EXPECT_GT(metric(spread.series, metric("info_reach"), last) * n, metric(spread.series, metric("links_page"), last));
}

}  // namespace
}  // namespace rapport::models
