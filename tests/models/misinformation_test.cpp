// Misinformation and correction (MODEL.md 3.8): beliefs from symptom searches arrive and
// fade at constant daily chances and are corrected at contacts, so the share misinformed
// follows a two-state chain whose stationary value is a closed form.
#include <gtest/gtest.h>

#include <cmath>

#include "models/daily_relaxation.hpp"
#include "models/mechanisms.hpp"
#include "models/misinformation.hpp"
#include "models/model.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

// A belief arrives at 0.01 a day and lasts 50 days on average; no other event unless added.
test::Overrides beliefs_only(const test::Overrides& extra = {}) {
  return test::merged(test::merged(test::no_events(), {{"misinformation.searches_per_year", "3.65"},
                                                       {"misinformation.p_contradicted", "1"},
                                                       {"misinformation.belief_days", "50"},
                                                       {"population.physicians", "20"},
                                                       {"population.patients_per_physician", "2000"},
                                                       {"run.days", "400"}}),
                      extra);
}

// Visits at one rate for every patient, each correcting a belief with chance 0.5.
test::Overrides with_visits(const std::string& per_year) {
  return {{"visits.rate_chronic_per_year", per_year}, {"visits.rate_other_per_year", per_year},
          {"visits.rel_rate_psychiatry", "1"},        {"visits.rel_rate_pediatrics", "1"},
          {"visits.rel_rate_other", "1"},             {"misinformation.p_raised_visit", "0.5"}};
}

double mean_misinformed_share(const RunResult& run) {
  double sum = 0;
  for (std::size_t day = 0; day < run.series.n_days(); ++day) {
    sum += test::metric(run.series, metric("misinformed_share"), day);
  }
  return sum / static_cast<double>(run.series.n_days());
}

// The day's order is fade, then acquire (misinformation phase), then correct (visits), so
// the end-of-day share x follows x' = (1 - γ)·(α + x·(1 - φ)·(1 - α)), with daily chances
// α = 1 - exp(-a), φ = 1 - exp(-f), γ = 1 - exp(-λ·p_raised_visit) for Poisson visits.
double stationary_share(double a, double f, double correction_rate) {
  const double alpha = -std::expm1(-a), phi = -std::expm1(-f), gamma = -std::expm1(-correction_rate);
  return (1 - gamma) * alpha / (1 - (1 - gamma) * (1 - phi) * (1 - alpha));
}

TEST(Misinformation, WithoutContactsTheShareMisinformedStaysAtItsStationaryValue) {
  const auto p = test::make_parameters(beliefs_only());
  const auto run = Model(p).run(31, 0);
  // 40,000 patients, a correlation time of 33 days: the standard error of the mean is about 0.001.
  EXPECT_NEAR(mean_misinformed_share(run), stationary_share(0.01, 0.02, 0), 0.003);
  EXPECT_NEAR(test::metric(run.series, metric("misinformed_share"), 0), stationary_belief_shares(p, 0).misinformed,
              0.01);
}

TEST(Misinformation, VisitsCorrectBeliefsAtTheRateOfTheClosedForm) {
  const auto p = test::make_parameters(beliefs_only(with_visits("18.25")));
  const auto run = Model(p).run(32, 0);
  const double expected = stationary_share(0.01, 0.02, 0.05 * 0.5);
  EXPECT_NEAR(mean_misinformed_share(run), expected, 0.003);
  // Each day a share γ of the x / (1 - γ) misinformed before the visits is corrected.
  double corrections = 0;
  for (std::size_t day = 0; day < run.series.n_days(); ++day) {
    corrections += test::metric(run.series, metric("misinformation_corrections"), day);
  }
  const double patient_days = 40000.0 * static_cast<double>(run.series.n_days());
  const double gamma = -std::expm1(-0.025);
  EXPECT_NEAR(corrections / patient_days, gamma * expected / (1 - gamma), 0.05 * gamma * expected);
}

// Messages are contacts between visits: with the same visits, portal messages leave fewer
// patients misinformed.
TEST(Misinformation, AChannelUsedBetweenVisitsCorrectsSooner) {
  const auto visits_only = beliefs_only(with_visits("4"));
  const auto messaging = test::merged(visits_only, {{"population.p_portal_user", "1"},
                                                    {"messages.portal_per_year", "12"}});
  const double without = mean_misinformed_share(Model(test::make_parameters(visits_only)).run(33, 0));
  const double with = mean_misinformed_share(Model(test::make_parameters(messaging)).run(33, 0));
  EXPECT_LT(with, without - 0.02);
}

TEST(Misinformation, NoSearchesNoBeliefs) {
  const auto p = test::make_parameters({{"misinformation.searches_per_year", "0"}, {"run.days", "100"}});
  const auto run = Model(p).run(34, 0);
  for (std::size_t day = 0; day < run.series.n_days(); ++day) {
    ASSERT_EQ(test::metric(run.series, metric("misinformed_share"), day), 0.0);
    ASSERT_EQ(test::metric(run.series, metric("misinformation_acquired"), day), 0.0);
  }
}

// A misinformed patient loses the whole drop, a corrected one the share not undone; the
// daily pass (float) and the reporting link (double) agree.
TEST(Misinformation, BeliefsLowerAdherenceByTheirDrop) {
  const auto p = test::make_parameters({{"misinformation.adherence_drop", "0.08"},
                                        {"misinformation.share_undone", "0.25"}});
  const Model model(p);  // the world points at the model's parameters
  World world = model.initial_world(35, 0);
  auto& patients = world.patients;
  const std::uint8_t states[3] = {0, kMisinformed, kCorrectedBelief};
  for (std::uint32_t i = 0; i < 3; ++i) {
    patients.trust[i] = 0.6f;
    patients.baseline_trust[i] = 0.6f;
    patients.exposure[i] = 0.0f;
    patients.flags[i] = states[i];
    patients.adherence_propensity[i] = 128;
  }
  const AdherenceLink link(p);
  const double none = link.of_patient(patients, 0);
  EXPECT_NEAR(none - link.of_patient(patients, 1), 0.08, 1e-12);
  EXPECT_NEAR(none - link.of_patient(patients, 2), 0.08 * 0.75, 1e-12);
  const PanelSums sums = relax_panel(patients, 0, 3, DailyRelaxation(p), sim::Isa::kBaseline);
  EXPECT_NEAR(sums.adherence, 3 * none - 0.08 - 0.06, 1e-5);
  EXPECT_EQ(sums.misinformed, 1u);
}

}  // namespace
}  // namespace rapport::models
