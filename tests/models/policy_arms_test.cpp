// Policy arms (models/policy_arms.hpp) partition the scenario: every day, the arms' patients,
// physicians, trust, adherence, messages, minutes and breaches add up to the scenario's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

double arm(const RunResult& run, std::size_t policy, std::string_view series, std::size_t day) {
  for (std::size_t k = 0; k < kArmSeries.size(); ++k) {
    if (kArmSeries[k].name == series) return run.arm_series.at(policy * kArmSeries.size() + k, day);
  }
  ADD_FAILURE() << "no arm series " << series;
  return 0;
}

double value(const RunResult& run, MetricId m, std::size_t day) { return run.series.at(index(m), day); }

void expect_close(double arms, double scenario, const char* what, std::size_t day) {
  EXPECT_NEAR(arms, scenario, 1e-12 * std::max(1.0, std::abs(scenario))) << what << " on day " << day;
}

TEST(PolicyArms, ArmsAddUpToTheScenarioEveryDay) {
  // A mixed scenario whose policies change too (guideline adoption), with messages and breaches.
  const auto parameters = test::make_parameters({{"run.days", "200"},
                                                 {"population.physicians", "15"},
                                                 {"population.patients_per_physician", "100"},
                                                 {"physicians.p_personal_presence", "0.9"},
                                                 {"requests.rate_per_year", "1"},
                                                 {"breaches.p_per_message_personal", "0.05"},
                                                 {"breaches.p_per_message_portal", "0.01"},
                                                 {"turnover.physician_exit_per_year", "0.5"},
                                                 {"policy.mix.decline_all", "0.3"},
                                                 {"policy.mix.accept_all", "0.3"},
                                                 {"policy.mix.secure_portal", "0.4"}});
  const auto run = Model(parameters).run(11, 0);
  double patients = 0;
  for (const double size : run.physicians.panel_size) patients += size;
  const double physicians = static_cast<double>(parameters.population.physicians);
  double messages = 0, breaches = 0;
  for (std::size_t t = 0; t < run.series.n_days(); ++t) {
    double arm_patients = 0, arm_physicians = 0, trust = 0, adherence = 0, arm_messages = 0, minutes = 0,
           arm_breaches = 0;
    for (std::size_t p = 0; p < kPolicyCount; ++p) {
      const double n = arm(run, p, "patients", t), doctors = arm(run, p, "physicians", t);
      arm_patients += n;
      arm_physicians += doctors;
      if (n > 0) {
        trust += arm(run, p, "trust_mean", t) * n;
        adherence += arm(run, p, "adherence_mean", t) * n;
      }
      if (doctors > 0) minutes += arm(run, p, "physician_minutes_mean", t) * doctors;
      arm_messages += arm(run, p, "messages", t);
      arm_breaches += arm(run, p, "breaches", t);
    }
    EXPECT_EQ(arm_patients, patients);
    EXPECT_EQ(arm_physicians, physicians);
    expect_close(trust / patients, value(run, metric("trust_mean"), t), "trust", t);
    expect_close(adherence / patients, value(run, metric("adherence_mean"), t), "adherence", t);
    expect_close(minutes / physicians, value(run, metric("physician_minutes_mean"), t), "minutes", t);
    expect_close(arm_messages, value(run, metric("messages"), t), "messages", t);
    expect_close(arm_breaches, value(run, metric("breaches"), t), "breaches", t);
    messages += arm_messages;
    breaches += arm_breaches;
  }
  EXPECT_GT(messages, 0.0);
  EXPECT_GT(breaches, 0.0);
}

TEST(PolicyArms, AnArmWithoutPhysiciansIsEmpty) {
  const auto run = Model(test::make_parameters({{"run.days", "10"}, {"policy.mix.accept_all", "1"}})).run(11, 0);
  for (std::size_t p = 0; p < kPolicyCount; ++p) {
    if (policy_info(PolicyId{static_cast<std::uint8_t>(p)}).name == "accept_all") continue;
    EXPECT_EQ(arm(run, p, "patients", 9), 0.0);
    EXPECT_TRUE(std::isnan(arm(run, p, "trust_mean", 9)));
  }
}

}  // namespace
}  // namespace rapport::models
