// Miscommunication per exchange (MODEL.md 3.1, 3.4): a patient's visit day is
// misunderstood with the chance that at least one of its visits is, and a misunderstood
// exchange costs trust once.
#include <gtest/gtest.h>

#include <cmath>

#include "models/model.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

// Visits only, at one rate for every patient and specialty.
test::Overrides visits_only(const std::string& per_year, const std::string& p_misunderstood) {
  return test::merged(test::no_events(), {{"visits.rate_chronic_per_year", per_year},
                                          {"visits.rate_other_per_year", per_year},
                                          {"visits.rel_rate_psychiatry", "1"},
                                          {"visits.rel_rate_pediatrics", "1"},
                                          {"visits.rel_rate_other", "1"},
                                          {"visits.p_misunderstood", p_misunderstood},
                                          {"population.patients_per_physician", "1000"},
                                          {"run.days", "200"}});
}

// With k ~ Poisson(λ) visits on a day, P(at least one misunderstood) = 1 - exp(-λp), so the
// share of visit days (k >= 1) with a misunderstanding is (1 - exp(-λp)) / (1 - exp(-λ)).
TEST(Miscommunication, ShareOfVisitDaysMisunderstoodFollowsThePoissonClosedForm) {
  const double per_year = 60, p = 0.3;
  const Model model(test::make_parameters(visits_only("60", "0.3")));
  const auto run = model.run(11, 0);
  double visit_days = 0, misunderstood = 0;
  for (std::size_t day = 0; day < run.series.n_days(); ++day) {
    visit_days += test::metric(run.series, metric("visits"), day);
    misunderstood += test::metric(run.series, metric("miscommunications"), day);
  }
  ASSERT_GT(visit_days, 10000.0);
  const double lambda = per_year / 365.0;
  const double expected = (1.0 - std::exp(-lambda * p)) / (1.0 - std::exp(-lambda));
  EXPECT_NEAR(misunderstood / visit_days, expected, 4.0 * std::sqrt(expected * (1.0 - expected) / visit_days));
}

// Trust is lowered only by misunderstandings here (no visit gain, no relaxation), so every
// patient's trust has fallen by a whole number of steps, and the steps add up to the count.
TEST(Miscommunication, EachMisunderstoodVisitDayCostsTrustOnce) {
  const auto p = test::make_parameters(test::merged(visits_only("60", "0.3"), {{"trust.visit_gain", "0"},
                                                                             {"trust.misunderstanding", "-0.001"},
                                                                             {"trust.visit_self_disclosure", "0"},
                                                                             {"trust.relaxation_days", "1e5"},
                                                                             {"run.days", "60"}}));
  const Model model(p);
  World world = model.initial_world(12, 0);
  const auto start = world.patients.trust;
  sim::DailySeries series(kMetricCount, 60);
  double misunderstood = 0;
  for (std::uint32_t day = 0; day < 60; ++day) {
    model.advance_day(world, day, series);
    misunderstood += test::metric(series, metric("miscommunications"), day);
  }
  ASSERT_GT(misunderstood, 100.0);
  double steps = 0;
  for (std::size_t i = 0; i < world.patients.size(); ++i) {
    const double patient_steps = (start[i] - world.patients.trust[i]) / 0.001;
    EXPECT_NEAR(patient_steps, std::round(patient_steps), 0.05) << "patient " << i;
    steps += std::round(patient_steps);
  }
  EXPECT_EQ(steps, misunderstood);
}

}  // namespace
}  // namespace rapport::models
