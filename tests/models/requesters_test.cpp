// The requester cohort (models/requesters.hpp) records every friend request once, with the
// answer the series count, and a "no one asks" run keeps the same first requests.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

test::Overrides busy_mix() {
  return {{"run.days", "300"},
          {"population.physicians", "10"},
          {"population.patients_per_physician", "150"},
          {"physicians.p_personal_presence", "0.8"},
          {"requests.rate_per_year", "1.0"},
          {"requests.cooldown_days", "60"},
          {"breaches.p_per_message_personal", "0.02"},
          {"policy.mix.decline_all", "0.2"},
          {"policy.mix.accept_all", "0.2"},
          {"policy.mix.professional_page", "0.2"},
          {"policy.mix.secure_portal", "0.2"},
          {"policy.mix.selective", "0.2"}};
}

double series_total(const RunResult& run, MetricId metric) {
  double total = 0;
  for (std::size_t t = 0; t < run.series.n_days(); ++t) total += run.series.at(index(metric), t);
  return total;
}

std::size_t rows_with(const RequesterTable& table, std::string_view response) {
  return static_cast<std::size_t>(std::count(table.response.begin(), table.response.end(), response));
}

TEST(Requesters, EveryRequestOfTheSeriesIsARowWithItsAnswer) {
  const Model model(test::make_parameters(busy_mix()));
  const auto run = model.run(7, 0);
  const auto& table = run.requesters;
  ASSERT_GT(table.patient.size(), 50u);
  EXPECT_EQ(static_cast<double>(table.patient.size()), series_total(run, metric("friend_requests")));
  EXPECT_EQ(static_cast<double>(rows_with(table, "declined")), series_total(run, metric("requests_declined")));
  EXPECT_EQ(static_cast<double>(rows_with(table, "accepted")), series_total(run, metric("requests_accepted")));
  EXPECT_EQ(static_cast<double>(rows_with(table, "redirected_page") + rows_with(table, "redirected_portal")),
            series_total(run, metric("requests_redirected")));
  EXPECT_EQ(static_cast<double>(rows_with(table, "pending")),
            run.series.at(index(metric("requests_pending")), run.series.n_days() - 1));
  EXPECT_EQ(rows_with(table, "not_asked"), 0u);
}

TEST(Requesters, FollowUpSnapshotsAreTakenOnlyWhenReached) {
  const Model model(test::make_parameters(busy_mix()));
  const auto run = model.run(7, 0);
  const auto& table = run.requesters;
  const double last_day = static_cast<double>(run.series.n_days() - 1);
  for (std::size_t r = 0; r < table.patient.size(); ++r) {
    EXPECT_EQ(std::isnan(table.trust_90_days[r]), table.request_day[r] + 90 > last_day) << r;
    EXPECT_TRUE(std::isnan(table.trust_365_days[r]));  // a 300-day run
    EXPECT_FALSE(std::isnan(table.trust_end[r]));      // no turnover: everyone stays
    EXPECT_GE(table.trust_at_request[r], 0.0);
    EXPECT_LE(table.adherence_end[r], 1.0);
    if (table.response[r] == "declined" || table.response[r] == "redirected_page") {
      EXPECT_EQ(table.messages_after[r], 0.0);  // no private channel
    }
  }
}

TEST(Requesters, SeriesCountEachRequesterOnceByTheLatestAnswer) {
  const Model model(test::make_parameters(busy_mix()));
  const auto run = model.run(7, 0);
  const auto& table = run.requesters;
  const std::size_t last = run.series.n_days() - 1;
  std::set<std::pair<double, double>> patients;  // (physician, patient)
  for (std::size_t r = 0; r < table.patient.size(); ++r) patients.emplace(table.physician[r], table.patient[r]);
  double counted = 0;
  for (std::size_t o = 0; o < kRequestOutcomeCount; ++o) counted += run.requester_series.at(o * 3 + 2, last);
  EXPECT_EQ(counted, static_cast<double>(patients.size()));
  EXPECT_EQ(static_cast<double>(patients.size()),
            static_cast<double>(std::count(table.first_request.begin(), table.first_request.end(), 1.0)));
}

TEST(Requesters, NoOneAsksKeepsTheFirstRequestsThePatientsWouldHaveSent) {
  // Without breaches nothing a request causes reaches another patient's trust before
  // that patient's own first request, so the cohorts coincide (common random numbers).
  auto overrides = test::merged(busy_mix(), {{"breaches.p_per_message_personal", "0"},
                                             {"breaches.p_per_message_portal", "0"},
                                             {"posts.p_privacy_violation", "0"}});
  const auto asked = Model(test::make_parameters(overrides)).run(7, 0);
  overrides["requests.enabled"] = "false";
  const auto off = Model(test::make_parameters(overrides)).run(7, 0);
  EXPECT_EQ(series_total(off, metric("friend_requests")), 0.0);
  EXPECT_EQ(rows_with(off.requesters, "not_asked"), off.requesters.patient.size());
  std::set<std::tuple<double, double, double>> first_asked, first_off;  // (physician, patient, day)
  for (std::size_t r = 0; r < asked.requesters.patient.size(); ++r) {
    if (asked.requesters.first_request[r] == 1) {
      first_asked.emplace(asked.requesters.physician[r], asked.requesters.patient[r], asked.requesters.request_day[r]);
    }
  }
  for (std::size_t r = 0; r < off.requesters.patient.size(); ++r) {
    first_off.emplace(off.requesters.physician[r], off.requesters.patient[r], off.requesters.request_day[r]);
  }
  EXPECT_GT(first_off.size(), 50u);
  EXPECT_EQ(first_asked, first_off);
}

TEST(Requesters, LeaversStopBeingFollowed) {
  auto overrides = busy_mix();
  overrides["turnover.patient_exit_per_year"] = "0.5";
  const auto run = Model(test::make_parameters(overrides)).run(7, 0);
  const auto& table = run.requesters;
  std::size_t left = 0;
  for (std::size_t r = 0; r < table.patient.size(); ++r) {
    if (table.exit_day[r] < 0) continue;
    ++left;
    EXPECT_GE(table.exit_day[r], table.request_day[r]);
    EXPECT_TRUE(std::isnan(table.trust_end[r]));
  }
  EXPECT_GT(left, 0u);
}

TEST(RequesterEffects, DeclinedTrustEffectIsTheJumpRelaxedOverTheRemainingDays) {
  // Only requests and their answers: no visits (no talk over a decline), messages, posts or
  // incidents, and no second request; docs/ANALYSIS.md, "Effects per requester".
  auto overrides = test::merged(test::no_events(), {{"run.days", "300"},
                                                    {"population.physicians", "10"},
                                                    {"population.patients_per_physician", "150"},
                                                    {"physicians.p_personal_presence", "1"},
                                                    {"requests.rate_per_year", "1"},
                                                    {"requests.cooldown_days", "36500"},
                                                    {"trust.rel_decline_wanting", "1"},
                                                    {"policy.mix.decline_all", "1"}});
  const Parameters asked_parameters = test::make_parameters(overrides);
  const auto asked = Model(asked_parameters).run(3, 0);
  overrides["requests.enabled"] = "false";
  const auto nobody = Model(test::make_parameters(overrides)).run(3, 0);

  const double requesters = asked.totals.requester_count;
  ASSERT_GT(requesters, 50.0);
  EXPECT_EQ(nobody.totals.requester_count, requesters);  // the same cohort, asked or not
  const double keep = std::exp(-1.0 / asked_parameters.trust.relaxation_days);
  const double days = static_cast<double>(asked_parameters.run.days);
  double expected = 0;
  for (std::size_t r = 0; r < asked.requesters.response.size(); ++r) {
    if (asked.requesters.response[r] != "declined") continue;
    expected += asked_parameters.trust.decline_silent * std::pow(keep, days - asked.requesters.response_day[r]);
  }
  expected /= requesters;
  const auto trust = static_cast<std::size_t>(EffectOutcome::kTrust);
  const double total = (asked.totals.population[trust] - nobody.totals.population[trust]) / requesters;
  const double direct = (asked.totals.requesters[trust] - nobody.totals.requesters[trust]) / requesters;
  EXPECT_LT(expected, 0.0);
  EXPECT_NEAR(total, expected, 1e-3 * std::abs(expected));
  EXPECT_NEAR(total - direct, 0.0, 1e-9);  // nobody else is touched
}

}  // namespace
}  // namespace rapport::models
