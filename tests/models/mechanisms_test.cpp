// The pure mechanism functions against the closed forms of docs/MODEL.md, and a
// whole model with every event switched off following the trust relaxation law.
#include <gtest/gtest.h>

#include <cmath>

#include "models/mechanisms.hpp"
#include "models/model.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

using test::make_parameters;

TEST(RelaxedTrust, FollowsExponentialRelaxationToBaseline) {
  const auto p = make_parameters({{"trust.relaxation_days", "50"}});
  for (const double t0 : {0.0, 0.3, 0.95}) {
    for (const double b : {0.2, 0.7}) {
      for (const double t : {0.0, 1.0, 10.0, 50.0, 400.0}) {
        EXPECT_NEAR(relaxed_trust(p, t0, b, t), b + (t0 - b) * std::exp(-t / 50.0), 1e-15);
      }
      EXPECT_DOUBLE_EQ(relaxed_trust(p, t0, b, 0.0), t0);
      EXPECT_NEAR(relaxed_trust(p, t0, b, 50.0) - b, (t0 - b) / std::exp(1.0), 1e-15);
    }
  }
}

TEST(RelaxedTrust, DaysComposeLikeTheDailyStep) {
  const auto p = make_parameters();
  const double after_two = relaxed_trust(p, relaxed_trust(p, 0.9, 0.4, 1.0), 0.4, 1.0);
  EXPECT_NEAR(after_two, relaxed_trust(p, 0.9, 0.4, 2.0), 1e-15);
}

// With no visits, requests, messages, posts or incidents, the model only relaxes
// trust: every patient's trust after day t equals the closed form at t + 1 days.
TEST(RelaxedTrust, ModelWithoutEventsFollowsTheClosedFormDayByDay) {
  const auto p = make_parameters(test::merged(test::no_events(), {{"trust.relaxation_days", "30"},
                                                                  {"policy.mix.accept_all", "0.5"},
                                                                  {"policy.mix.secure_portal", "0.5"}}));
  const Model model(p);
  World world = model.initial_world(11, 0);
  const std::size_t n = world.patients.size();
  std::vector<double> start(n), baseline(n);
  for (std::size_t i = 0; i < n; ++i) {
    // Perturb away from baseline in both directions, including the bounds.
    const float perturbed = i % 3 == 0 ? 0.0f : (i % 3 == 1 ? 1.0f : world.patients.baseline_trust[i] * 0.5f);
    world.patients.trust[i] = perturbed;
    start[i] = perturbed;
    baseline[i] = world.patients.baseline_trust[i];
  }
  const std::uint32_t days = 120;
  sim::DailySeries series(kMetricCount, days);
  double worst = 0;
  for (std::uint32_t day = 0; day < days; ++day) {
    model.advance_day(world, day, series);
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double expected = relaxed_trust(p, start[i], baseline[i], day + 1.0);
      worst = std::max(worst, std::abs(world.patients.trust[i] - expected));
      sum += world.patients.trust[i];
    }
    ASSERT_LT(worst, 2e-5) << "day " << day;  // trust is stored as float
    EXPECT_NEAR(test::metric(series, metric("trust_mean"), day), sum / static_cast<double>(n), 1e-6);
    for (const auto m : {metric("visits"), metric("friend_requests"), metric("messages"), metric("public_health_posts"),
                         metric("boundary_incidents"), metric("breaches")}) {
      EXPECT_EQ(test::metric(series, m, day), 0.0) << "metric " << static_cast<int>(m) << " day " << day;
    }
  }
  // After four time constants the gap has shrunk by e^-4.
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_NEAR(world.patients.trust[i] - baseline[i], (start[i] - baseline[i]) * std::exp(-4.0), 2e-5);
  }
}

double softplus(double x) { return std::log1p(std::exp(x)); }

// Mean of logistic(eta + z) over z uniform on [-h, h] (MODEL.md 3.7).
double mean_over_uniform_propensity(double eta, double h) {
  return (softplus(eta + h) - softplus(eta - h)) / (2 * h);
}

TEST(Adherence, IsTheLogisticOfTrustExposureChronicStatusAndPropensity) {
  const auto p = make_parameters({{"adherence.baseline", "0.7"},
                                  {"adherence.trust_slope", "2.5"},
                                  {"adherence.exposure_slope", "0.8"},
                                  {"adherence.rel_trust_slope_not_chronic", "0.4"},
                                  {"adherence.propensity_halfwidth", "1.6"}});
  const AdherenceLink link(p);
  const double centre = mean_baseline_trust(p);
  for (const double trust : {0.0, 0.25, 0.5, 1.0}) {
    for (const double exposure : {0.0, 0.5, 1.0}) {
      for (const bool chronic : {false, true}) {
        for (const int level : {0, 1, 127, 128, 255}) {
          const double propensity = 1.6 * (2 * (level + 0.5) / 256 - 1);
          const double slope = chronic ? 2.5 : 2.5 * 0.4;
          const double expected = 1.0 / (1.0 + std::exp(-(link.intercept() + slope * (trust - centre) +
                                                          0.8 * exposure + propensity)));
          EXPECT_NEAR(link(trust, exposure, chronic, static_cast<std::uint8_t>(level)), expected, 1e-14);
        }
      }
    }
  }
}

// The intercept makes the mean over the propensity distribution adherence.baseline at mean
// baseline trust without exposure, for chronic patients and others alike.
TEST(Adherence, AveragesToBaselineAtMeanBaselineTrustWithoutExposure) {
  for (const char* baseline : {"0.5", "0.75", "0.9"}) {
    for (const char* halfwidth : {"0", "0.5", "3"}) {
      const auto p = make_parameters({{"adherence.baseline", baseline}, {"adherence.propensity_halfwidth", halfwidth}});
      const AdherenceLink link(p);
      const double h = std::stod(halfwidth);
      const double a0 = std::stod(baseline);
      if (h == 0) {
        EXPECT_NEAR(link(mean_baseline_trust(p), 0.0, true, 0), a0, 1e-12);
        continue;
      }
      EXPECT_NEAR(mean_over_uniform_propensity(link.intercept(), h), a0, 1e-12) << baseline << " " << halfwidth;
      // The 256 levels are the midpoints of the continuous distribution's equal slices.
      for (const bool chronic : {false, true}) {
        double levels_mean = 0;
        for (int level = 0; level < kPropensityLevels; ++level) {
          levels_mean += link(mean_baseline_trust(p), 0.0, chronic, static_cast<std::uint8_t>(level));
        }
        EXPECT_NEAR(levels_mean / kPropensityLevels, a0, 1e-5) << baseline << " " << halfwidth;
      }
    }
  }
}

// The mechanism on a drawn population: with every patient's trust set to T (no exposure, no
// belief), the mean adherence of chronic patients and of the others is the closed form
// (softplus(η + h) - softplus(η - h)) / 2h with η = α + slope · (T - B̄), within sampling error.
TEST(Adherence, PopulationMeanGivenTrustAndChronicStatusMatchesTheClosedForm) {
  const auto p = make_parameters({{"population.physicians", "20"}, {"population.patients_per_physician", "1000"}});
  const double h = p.adherence.propensity_halfwidth;
  ASSERT_GT(h, 0);
  const Model model(p);  // the world points at the model's parameters
  World world = model.initial_world(11, 0);
  auto& patients = world.patients;
  const AdherenceLink link(p);
  for (const double trust : {0.3, mean_baseline_trust(p), 0.9}) {
    double sum[2] = {}, count[2] = {};
    for (std::size_t i = 0; i < patients.size(); ++i) {
      patients.trust[i] = static_cast<float>(trust);
      patients.exposure[i] = 0.0f;
      patients.flags[i] &= static_cast<std::uint8_t>(~(kMisinformed | kCorrectedBelief));
      const bool chronic = patients.has(i, kChronic);
      sum[chronic] += link.of_patient(patients, i);
      count[chronic] += 1;
    }
    for (const bool chronic : {false, true}) {
      const double eta = link.intercept() + link.trust_slope(chronic) * (static_cast<float>(trust) - link.trust_centre());
      const double expected = mean_over_uniform_propensity(eta, h);
      // Adherence over the propensity has a standard deviation below h / (2 sqrt 3) / 4 per
      // unit of log-odds slope; four standard errors of the mean.
      const double tolerance = 4 * (h / std::sqrt(12.0)) * 0.25 / std::sqrt(count[chronic]);
      EXPECT_NEAR(sum[chronic] / count[chronic], expected, tolerance) << "trust " << trust << " chronic " << chronic;
    }
  }
}

TEST(Adherence, RisesWithTrustExposureAndPropensity) {
  const AdherenceLink link(make_parameters());
  EXPECT_LT(link(0.2, 0.0, true, 128), link(0.8, 0.0, true, 128));
  EXPECT_LT(link(0.5, 0.0, true, 128), link(0.5, 1.0, true, 128));
  EXPECT_LT(link(0.5, 0.0, true, 10), link(0.5, 0.0, true, 200));
  // Trust matters more to a chronic patient's adherence.
  EXPECT_GT(link(0.8, 0.0, true, 128) - link(0.2, 0.0, true, 128),
            link(0.8, 0.0, false, 128) - link(0.2, 0.0, false, 128));
}

TEST(MeanBaselineTrust, IsTheMixtureOfGroupMeans) {
  const auto p = make_parameters({{"population.p_high_trust", "0.4"},
                                  {"trust.baseline_high", "0.9"},
                                  {"trust.baseline_low", "0.3"}});
  EXPECT_NEAR(mean_baseline_trust(p), 0.4 * 0.9 + 0.6 * 0.3, 1e-15);
}

class RequestHazard : public ::testing::Test {
 protected:
  Parameters p = make_parameters({{"requests.rate_per_year", "0.73"},
                                  {"requests.rel_after_visit", "20"},
                                  {"requests.dur_after_visit_days", "3"},
                                  {"requests.trust_slope", "2"},
                                  {"requests.rel_not_wanting", "0.1"},
                                  {"requests.rel_privacy_concern", "0.5"}});
  static constexpr double kLongAgo = 1e6;
};

TEST_F(RequestHazard, BaseRateAppliesAtTrustHalfLongAfterAVisitWithoutPrivacyConcern) {
  EXPECT_NEAR(request_hazard(p, true, 0.5, 0.0, kLongAgo), 0.73 / 365.0, 1e-15);
}

TEST_F(RequestHazard, PeaksRightAfterAVisitAndDecaysWithItsTimeConstant) {
  const double late = request_hazard(p, true, 0.5, 0.0, kLongAgo);
  EXPECT_NEAR(request_hazard(p, true, 0.5, 0.0, 0.0) / late, 1.0 + 20.0, 1e-12);
  EXPECT_NEAR(request_hazard(p, true, 0.5, 0.0, 3.0) / late, 1.0 + 20.0 * std::exp(-1.0), 1e-12);
  EXPECT_GT(request_hazard(p, true, 0.5, 0.0, 1.0), request_hazard(p, true, 0.5, 0.0, 2.0));
}

TEST_F(RequestHazard, RisesLogLinearlyWithTrust) {
  const double at_low = request_hazard(p, true, 0.2, 0.0, kLongAgo);
  const double at_high = request_hazard(p, true, 0.9, 0.0, kLongAgo);
  EXPECT_NEAR(at_high / at_low, std::exp(2.0 * 0.7), 1e-12);
}

TEST_F(RequestHazard, PrivacyConcernAndNotWantingScaleItDown) {
  const double open = request_hazard(p, true, 0.5, 0.0, 10.0);
  EXPECT_NEAR(request_hazard(p, true, 0.5, 1.0, 10.0) / open, 1.0 - 0.5, 1e-12);
  EXPECT_NEAR(request_hazard(p, true, 0.5, 0.4, 10.0) / open, 1.0 - 0.5 * 0.4, 1e-12);
  EXPECT_NEAR(request_hazard(p, false, 0.5, 0.0, 10.0) / open, 0.1, 1e-12);
}

TEST(Workload, CapacityAndExpectedWaitFollowTheAllowance) {
  const auto p = make_parameters({{"physicians.minutes_available_per_day", "15"},
                                  {"physicians.after_hours_share", "0.25"}});
  EXPECT_NEAR(message_capacity_minutes(p), 15.0 / 0.75, 1e-12);
  const double capacity = message_capacity_minutes(p);
  EXPECT_EQ(expected_wait_days(0.0, capacity), 0.0);
  EXPECT_EQ(expected_wait_days(-3.0, capacity), 0.0);
  EXPECT_NEAR(expected_wait_days(40.0, capacity), 40.0 / 20.0, 1e-12);
  EXPECT_NEAR(expected_wait_days(5.0, capacity), 0.25, 1e-12);
}

TEST(Workload, ZeroAllowanceMeansAnEndlessWait) {
  const auto p = make_parameters({{"physicians.minutes_available_per_day", "0"}});
  EXPECT_GE(expected_wait_days(1.0, message_capacity_minutes(p)), 1e9);
}

TEST(Burnout, RiskRisesFromTheBaselineTowardItsBoundWithAfterHoursLoad) {
  const auto p = make_parameters({{"physicians.burnout_baseline", "0.4"},
                                  {"physicians.burnout_rr_high_load", "1.5"},
                                  {"physicians.after_hours_ref_minutes", "30"}});
  EXPECT_EQ(burnout_excess(p, 0.0), 0.0);
  EXPECT_NEAR(burnout_excess(p, 30.0), 1.0 - std::exp(-1.0), 1e-15);
  EXPECT_NEAR(burnout_risk(p, 0.0), 0.4, 1e-15);
  EXPECT_NEAR(burnout_risk(p, burnout_excess(p, 30.0)), 0.4 * (1.0 + 0.5 * (1.0 - std::exp(-1.0))), 1e-15);
  // Bounded: however large the load, the risk stays below baseline times the risk ratio.
  EXPECT_LE(burnout_risk(p, burnout_excess(p, 1e9)), 0.4 * 1.5 + 1e-15);
  const auto capped = make_parameters({{"physicians.burnout_baseline", "0.9"},
                                       {"physicians.burnout_rr_high_load", "3"}});
  EXPECT_EQ(burnout_risk(capped, 1.0), 1.0);
}

TEST(Burnout, FeedbacksScaleCapacityAndVisitQualityByTheExcess) {
  const auto p = make_parameters({{"physicians.minutes_available_per_day", "15"},
                                  {"physicians.after_hours_share", "0.25"},
                                  {"physicians.burnout_capacity_loss", "0.2"},
                                  {"physicians.burnout_visit_quality_loss", "0.3"}});
  EXPECT_NEAR(burnout_capacity_minutes(p, 0.0), 20.0, 1e-12);
  EXPECT_NEAR(burnout_capacity_minutes(p, 0.5), 20.0 * (1.0 - 0.2 * 0.5), 1e-12);
  EXPECT_NEAR(burnout_visit_quality(p, 0.8, 0.5), 0.8 * (1.0 - 0.3 * 0.5), 1e-12);
}

TEST(Burnout, AfterHoursLoadIsAnExponentialMovingAverage) {
  const auto p = make_parameters({{"physicians.after_hours_window_days", "30"}});
  // A constant daily load L from zero reaches L (1 - exp(-n / window)) after n days.
  double load = 0;
  for (int day = 0; day < 45; ++day) load = next_after_hours_load(p, load, 12.0);
  EXPECT_NEAR(load, 12.0 * (1.0 - std::exp(-45.0 / 30.0)), 1e-12);
}

TEST(AtLeastOnce, MatchesTheComplementOfNoEvent) {
  EXPECT_EQ(p_at_least_once(0.1, 1), 0.1);
  EXPECT_NEAR(p_at_least_once(0.1, 3), 1.0 - 0.9 * 0.9 * 0.9, 1e-15);
  EXPECT_EQ(p_at_least_once(0.0, 5), 0.0);
}

TEST(MessageRate, ScalesByChannelChronicDemandAndTrust) {
  const auto p = make_parameters({{"messages.portal_per_year", "3.65"},
                                  {"messages.personal_per_year", "7.3"},
                                  {"messages.rel_chronic", "1.5"},
                                  {"messages.trust_slope", "0.7"},
                                  {"messages.demand_response_max", "2"}});
  EXPECT_NEAR(message_rate(p, false, false, 1.0, 0.5, 1.0), 0.01, 1e-15);
  EXPECT_NEAR(message_rate(p, true, false, 1.0, 0.5, 1.0), 0.02, 1e-15);
  EXPECT_NEAR(message_rate(p, false, true, 2.0, 0.5, 1.0), 0.01 * 1.5 * 2.0, 1e-15);
  EXPECT_NEAR(message_rate(p, false, false, 1.0, 0.9, 1.0) / message_rate(p, false, false, 1.0, 0.1, 1.0),
              std::exp(0.7 * 0.8), 1e-12);
  // The volume trend scales the portal only.
  EXPECT_NEAR(message_rate(p, false, false, 1.0, 0.5, 1.6), 0.016, 1e-15);
  EXPECT_NEAR(message_rate(p, true, false, 1.0, 0.5, 1.6), 0.02, 1e-15);
  // The scheduling bound is never below any achievable rate.
  for (const bool personal : {false, true}) {
    for (const bool chronic : {false, true}) {
      const double bound = message_rate_bound(p, personal, chronic);
      for (const double demand : {1.0, 1.5, 2.0}) {
        for (const double trust : {0.0, 0.5, 1.0}) {
          EXPECT_LE(message_rate(p, personal, chronic, demand, trust, 1.0), bound);
        }
      }
      EXPECT_DOUBLE_EQ(message_rate(p, personal, chronic, 2.0, 1.0, 1.0), bound);
    }
  }
}

TEST(VisitRate, DependsOnChronicStatusAndSpecialty) {
  const auto p = make_parameters({{"visits.rate_chronic_per_year", "7.3"},
                                  {"visits.rate_other_per_year", "3.65"},
                                  {"visits.rel_rate_psychiatry", "2"}});
  EXPECT_NEAR(daily_visit_rate(p, true, Specialty::kPrimaryCare), 0.02, 1e-15);
  EXPECT_NEAR(daily_visit_rate(p, false, Specialty::kPrimaryCare), 0.01, 1e-15);
  EXPECT_NEAR(daily_visit_rate(p, false, Specialty::kPsychiatry), 0.02, 1e-15);
}

TEST(AddTrust, ClampsToTheUnitInterval) {
  float t = 0.5f;
  add_trust(t, 0.7);
  EXPECT_EQ(t, 1.0f);
  add_trust(t, -3.0);
  EXPECT_EQ(t, 0.0f);
  add_trust(t, 0.25);
  EXPECT_EQ(t, 0.25f);
}

}  // namespace
}  // namespace rapport::models
