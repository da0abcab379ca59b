// The default parameters reproduce the calibration targets of docs/PARAMETERS.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "models/mechanisms.hpp"
#include "models/model.hpp"
#include "scenario_helpers.hpp"

namespace rapport::test {
namespace {

// Defaults except the horizon: one year of the demo population.
models::Parameters one_year_of_defaults() {
  return make_parameters({{"run.days", "365"},
                          {"population.physicians", "100"},
                          {"population.patients_per_physician", "2000"},
                          {"network.mean_degree", "20"}});
}

TEST(Calibration, AboutThirtyPercentOfFindablePhysiciansReceiveARequestEachYear) {
  // Target: Bosslet et al. 2011 (34.5% ever) over a 5-year window -> about 0.30 per year.
  const models::Model model(one_year_of_defaults());
  double findable = 0, requested = 0;
  for (std::uint32_t replicate = 0; replicate < 3; ++replicate) {
    const auto result = model.run(1, replicate);
    for (std::size_t d = 0; d < result.physicians.findable.size(); ++d) {
      if (result.physicians.findable[d] == 0) {
        EXPECT_EQ(result.physicians.requests_received[d], 0) << "a physician without a presence cannot be found";
        continue;
      }
      findable += 1;
      requested += result.physicians.requests_received[d] > 0;
    }
  }
  ASSERT_GT(findable, 60);
  const double share = requested / findable;
  EXPECT_GT(share, 0.20);
  EXPECT_LT(share, 0.40);
}

// Patient-level trust and adherence after one year of the defaults (200,000 patients).
struct TrustAdherence {
  std::vector<double> trust, adherence;
};
TrustAdherence trust_and_adherence_after_one_year() {
  const auto p = one_year_of_defaults();
  const models::Model model(p);
  auto world = model.initial_world(1, 0);
  sim::DailySeries series(models::kMetricCount, static_cast<std::size_t>(p.run.days));
  for (std::uint32_t day = 0; day < p.run.days; ++day) model.advance_day(world, day, series);
  const models::AdherenceLink adherence_of(p);
  TrustAdherence out;
  for (std::size_t i = 0; i < world.patients.size(); ++i) {
    out.trust.push_back(world.patients.trust[i]);
    out.adherence.push_back(adherence_of.of_patient(world.patients, i));
  }
  return out;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const auto n = static_cast<double>(x.size());
  double sx = 0, sy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sx += x[i];
    sy += y[i];
  }
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - sx / n) * (y[i] - sy / n);
    sxx += (x[i] - sx / n) * (x[i] - sx / n);
    syy += (y[i] - sy / n) * (y[i] - sy / n);
  }
  return sxy / std::sqrt(sxx * syy);
}

// Targets (PARAMETERS.md): the patient-level correlation of trust and adherence is
// Birkhäuer et al. 2017's r = 0.24 (95% CI 0.19-0.29), set by adherence.propensity_halfwidth;
// nonadherence in the lower half of trust is Zolnierek & DiMatteo 2009's 1.19 times that of
// the upper half, set by adherence.trust_slope. Tolerances: a fifth of the published
// interval's half-width (0.01) for r, and 0.02 for the relative risk (both far above the
// sampling error of 200,000 patients, about 0.002).
TEST(Calibration, TrustAdherenceCorrelationAndRelativeRiskMatchThePublishedFigures) {
  const auto population = trust_and_adherence_after_one_year();
  const double r = pearson(population.trust, population.adherence);
  RecordProperty("correlation", std::to_string(r));
  EXPECT_NEAR(r, 0.24, 0.01);
  std::vector<std::pair<double, double>> by_trust;
  for (std::size_t i = 0; i < population.trust.size(); ++i) {
    by_trust.emplace_back(population.trust[i], population.adherence[i]);
  }
  std::sort(by_trust.begin(), by_trust.end());
  const std::size_t half = by_trust.size() / 2;
  double nonadherence_low = 0, nonadherence_high = 0;
  for (std::size_t i = 0; i < half; ++i) nonadherence_low += 1 - by_trust[i].second;
  for (std::size_t i = half; i < 2 * half; ++i) nonadherence_high += 1 - by_trust[i].second;
  RecordProperty("relative_risk", std::to_string(nonadherence_low / nonadherence_high));
  EXPECT_NEAR(nonadherence_low / nonadherence_high, 1.19, 0.02);
}

TEST(Calibration, PortalMessagesPerEnrolledPatientMatchCrottyWhenPhysiciansKeepUp) {
  // Crotty et al. 2014: 18.9 messages per 100 enrolled patients per month (2.27 a year), the
  // demand side: about 2.4 a year for a physician who answers at once (docs/PARAMETERS.md),
  // so the allowance is made ample here; at the defaults physicians work at their ceiling.
  auto params = one_year_of_defaults();
  params.physicians.minutes_available_per_day = 60;
  const auto result = models::Model(params).run(1, 0);
  double messages = 0, enrolled_days = 0;
  for (std::size_t day = 0; day < 365; ++day) {
    messages += metric(result.series, models::metric("messages_portal"), day);
    enrolled_days += metric(result.series, models::metric("links_portal"), day);
  }
  const double per_patient_year = messages / (enrolled_days / 365.0);
  EXPECT_GT(per_patient_year, 1.8);
  EXPECT_LT(per_patient_year, 3.6);
  EXPECT_LT(metric(result.series, models::metric("backlog_minutes_mean"), 364), 5.0) << "physicians keep up";
}

TEST(Calibration, MessageMinutesPerWorkdayMatchAkbar) {
  // Akbar et al. 2021: 14.6 minutes of patient messages per workday, 37% of it after hours.
  // The model has no weekends, so a calendar day's minutes times 7/5 are a workday's.
  const auto result = models::Model(one_year_of_defaults()).run(1, 0);
  double worked = 0, overtime = 0;
  for (std::size_t d = 0; d < result.physicians.minutes_per_day.size(); ++d) {
    worked += result.physicians.minutes_per_day[d] * 365.0;
    overtime += result.physicians.overtime_minutes[d];
  }
  const double per_workday = worked / 365.0 / static_cast<double>(result.physicians.minutes_per_day.size()) * 7.0 / 5.0;
  EXPECT_NEAR(per_workday, 14.6, 0.2 * 14.6);
  EXPECT_NEAR(overtime / worked, 0.37, 0.05);
}

}  // namespace
}  // namespace rapport::test
