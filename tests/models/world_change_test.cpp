// Calendar trends, turnover and guideline adoption (issue 14): closed forms of the
// adoption process, invariants of turnover, and that the features leave the model
// unchanged when they are off or constant.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <array>
#include <cmath>
#include <cstring>

#include "models/calendar.hpp"
#include "models/guideline.hpp"
#include "models/model.hpp"
#include "models/results_by_year.hpp"
#include "models/turnover.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

std::vector<double> flatten(const sim::DailySeries& s) {
  std::vector<double> out;
  for (std::size_t m = 0; m < kMetricCount; ++m)
    for (std::size_t t = 0; t < s.n_days(); ++t) out.push_back(s.at(m, t));
  return out;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

double adopter_share(const World& world) {
  const auto& status = world.guideline.status;
  return static_cast<double>(std::count(status.begin(), status.end(), Adoption::kAdopted)) /
         static_cast<double>(status.size());
}

// Many physicians with one patient each: only the adoption process runs.
test::Overrides adoption_population(const std::string& p, const std::string& q, const std::string& never,
                                    const std::string& practice_size, const std::string& ties_between) {
  return {{"population.physicians", "20000"},      {"population.patients_per_physician", "1"},
          {"network.mean_degree", "2"},            {"guideline.policy", "\"secure_portal\""},
          {"guideline.p_external", p},             {"guideline.q_imitation", q},
          {"guideline.never_share", never},        {"guideline.practice_size", practice_size},
          {"guideline.ties_between", ties_between}};
}

TEST(GuidelineAdoption, WithoutImitationTheShareFollowsOneMinusExpOfMinusPt) {
  const Parameters params = test::make_parameters(adoption_population("0.5", "0", "0", "5", "4"));
  const Model model(params);
  World world = model.initial_world(7, 0);
  const double n = static_cast<double>(world.guideline.status.size());
  for (std::uint32_t day = 0; day < 3 * kDaysPerYear; ++day) {
    adopt_guideline(world, day);
    if ((day + 1) % 146 != 0) continue;
    const double expected = 1.0 - std::exp(-0.5 * (day + 1) / kDaysPerYear);
    EXPECT_NEAR(adopter_share(world), expected, 4 * std::sqrt(expected * (1 - expected) / n)) << "day " << day;
  }
}

TEST(GuidelineAdoption, WithImitationTheShareFollowsTheBassCurveOnALargeWellMixedNetwork) {
  // One physician per practice and 60 random ties each: a tie's adoption share is close
  // to the population's, the mean-field limit the closed form assumes.
  const Parameters params = test::make_parameters(adoption_population("0.05", "0.8", "0.2", "1", "60"));
  const Model model(params);
  World world = model.initial_world(11, 0);
  for (std::uint32_t day = 0; day < 10 * kDaysPerYear; ++day) {
    adopt_guideline(world, day);
    if ((day + 1) % kDaysPerYear != 0) continue;
    const double years = static_cast<double>(day + 1) / kDaysPerYear;
    EXPECT_NEAR(adopter_share(world), bass_adopter_share(0.05, 0.8, 0.2, years), 0.02) << "year " << years;
  }
  EXPECT_NEAR(bass_adopter_share(0.05, 0.8, 0.2, 1e3), 0.8, 1e-12);
}

TEST(GuidelineAdoption, NothingHappensBeforePublicationAndAdoptersTakeTheGuidelinesPolicy) {
  const Parameters params = test::make_parameters(test::merged(
      adoption_population("2", "0.4", "0.1", "5", "4"),
      {{"population.physicians", "200"}, {"guideline.delay_days", "30"}, {"run.days", "400"}}));
  const RunResult run = Model(params).run(3, 0);
  for (std::size_t day = 0; day < 30; ++day) {
    EXPECT_EQ(test::metric(run.series, models::metric("guideline_adopters"), day), 0.0);
    EXPECT_EQ(test::metric(run.series, models::metric("policy_share_decline_all"), day), 1.0);
  }
  for (std::size_t day = 30; day < 400; ++day) {
    EXPECT_EQ(test::metric(run.series, models::metric("policy_share_secure_portal"), day),
              test::metric(run.series, models::metric("guideline_adopters"), day));
  }
  const double final_share = test::metric(run.series, models::metric("guideline_adopters"), 399);
  EXPECT_GT(final_share, 0.6);
  EXPECT_LE(final_share, 1.0 - 0.1 + 4 * std::sqrt(0.09 / 200));  // never-adopters stay out
}

test::Overrides busy_world() {
  return {{"run.days", "400"},
          {"population.physicians", "12"},
          {"population.patients_per_physician", "150"},
          {"physicians.p_personal_presence", "0.7"},
          {"requests.rate_per_year", "0.2"},
          {"policy.mix.accept_all", "0.4"},
          {"policy.mix.professional_page", "0.3"},
          {"policy.mix.secure_portal", "0.3"},
          {"turnover.patient_exit_per_year", "1.5"},
          {"turnover.physician_exit_per_year", "1.0"},
          {"trends.enabled", "true"},
          {"run.start_year", "2012"},
          {"guideline.policy", "\"selective\""},
          {"guideline.p_external", "0.5"}};
}

TEST(Turnover, KeepsPanelsAndLinkListsConsistentAndReplacesPatientsAtTheirRate) {
  const Parameters params = test::make_parameters(busy_world());
  const Model model(params);
  World world = model.initial_world(5, 0);
  const auto panels = world.physicians.panel_begin;
  sim::DailySeries series(kMetricCount, 400);
  for (std::uint32_t day = 0; day < 400; ++day) model.advance_day(world, day, series);
  EXPECT_EQ(world.patients.size(), 12u * 150u);
  EXPECT_EQ(world.physicians.panel_begin, panels);
  std::size_t newcomers = 0, personal = 0, followers = 0;
  for (std::uint32_t i = 0; i < world.patients.size(); ++i) {
    newcomers += world.patients.first_visit_day[i] > 0;
    personal += world.patients.link[i] == Link::kPersonal;
    followers += world.patients.link[i] == Link::kFollower;
  }
  std::size_t listed_personal = 0, listed_followers = 0;
  for (std::size_t d = 0; d < world.physicians.size(); ++d) {
    for (const auto i : world.physicians.personal_friends[d]) {
      EXPECT_EQ(world.patients.link[i], Link::kPersonal);
      EXPECT_TRUE(i >= world.physicians.panel_begin[d] && i < world.panel_end(d));
    }
    for (const auto i : world.physicians.page_followers[d]) EXPECT_EQ(world.patients.link[i], Link::kFollower);
    listed_personal += world.physicians.personal_friends[d].size();
    listed_followers += world.physicians.page_followers[d].size();
  }
  EXPECT_GT(personal, 0u);
  EXPECT_EQ(listed_personal, personal);
  EXPECT_EQ(listed_followers, followers);
  // Every slot is replaced at the exit rate, so the share never replaced by day T is exp(-rT).
  const double n = static_cast<double>(world.patients.size());
  const double expected = 1.0 - std::exp(-1.5 * 399.0 / kDaysPerYear);
  EXPECT_NEAR(static_cast<double>(newcomers) / n, expected, 4 * std::sqrt(expected * (1 - expected) / n));
}

// A newcomer is a new person (MODEL.md 10.2): no after-hours load yet, its own
// self-disclosure trait, and no patient has seen its personal posts.
TEST(Turnover, ANewcomerPhysicianStartsWithoutLoadAndItsOwnTraits) {
  const Parameters params = test::make_parameters(test::merged(busy_world(), {{"turnover.physician_exit_per_year", "5"}}));
  const Model model(params);
  World world = model.initial_world(5, 0);
  auto& doctors = world.physicians;
  std::vector<std::vector<std::uint32_t>> friends(doctors.size());
  for (std::size_t d = 0; d < doctors.size(); ++d) {
    doctors.after_hours_load[d] = 50;
    for (const auto i : world.panel(d)) {
      world.patients.link[i] = Link::kPersonal;
      world.patients.flags[i] |= kSawUnprofessional;
      doctors.personal_friends[d].push_back(i);
    }
    friends[d] = doctors.personal_friends[d];
  }
  for (std::uint32_t day = 0; day < 100; ++day) physician_turnover(world, day);  // only turnover acts
  std::size_t replaced = 0;
  for (std::size_t d = 0; d < doctors.size(); ++d) {
    if (!doctors.personal_friends[d].empty()) {  // still the first physician: a leaver's friendships end
      EXPECT_EQ(doctors.after_hours_load[d], 50.0);
      continue;
    }
    ++replaced;
    EXPECT_EQ(doctors.after_hours_load[d], 0.0);
    EXPECT_GE(doctors.self_disclosure_share[d], static_cast<float>(params.physicians.self_disclosure_min));
    EXPECT_LE(doctors.self_disclosure_share[d], static_cast<float>(params.physicians.self_disclosure_max));
    for (const auto i : friends[d]) EXPECT_FALSE(world.patients.has(i, kSawUnprofessional)) << "patient " << i;
  }
  // Each of 12 physicians leaves within 100 days with probability 1 - exp(-5 · 100 / 365) = 0.75.
  EXPECT_GT(replaced, 3u);
}

TEST(Turnover, SameBitsForOneAndTwoThreads) {
  const Model model(test::make_parameters(busy_world()));
  const auto run = [&](std::size_t threads) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    return model.run(9, 1);
  };
  const auto one = run(1), two = run(2);
  EXPECT_TRUE(same_bits(flatten(one.series), flatten(two.series)));
  EXPECT_TRUE(same_bits(one.trust_histogram, two.trust_histogram));
}

TEST(CalendarTrends, AConstantTrendReproducesTheConstantRateModelBitForBit) {
  auto overrides = busy_world();
  overrides["trends.enabled"] = "false";
  const RunResult constant = Model(test::make_parameters(overrides)).run(4, 0);
  overrides["trends.enabled"] = "true";
  overrides["trends.wants_connection_from"] = "0.42";
  overrides["trends.wants_connection_to"] = "0.42";
  overrides["trends.personal_presence_from"] = "0.7";
  overrides["trends.personal_presence_to"] = "0.7";
  overrides["trends.message_volume_from"] = "1";
  overrides["trends.message_volume_to"] = "1";
  const RunResult trend = Model(test::make_parameters(overrides)).run(4, 0);
  EXPECT_TRUE(same_bits(flatten(constant.series), flatten(trend.series)));
}

TEST(CalendarTrends, TheWishToConnectFollowsTheTrendYearByYear) {
  const Parameters params = test::make_parameters({{"trends.enabled", "true"},
                                                   {"run.start_year", "2011"},
                                                   {"run.days", "1096"},
                                                   {"population.physicians", "20"},
                                                   {"population.patients_per_physician", "2000"}});
  const Model model(params);
  World world = model.initial_world(8, 0);
  const auto share_under_50 = [&world] {
    double wants = 0, all = 0;
    for (std::size_t i = 0; i < world.patients.size(); ++i) {
      if (world.patients.age_group[i] >= 2) continue;
      all += 1;
      wants += world.patients.has(i, kWantsConnection);
    }
    return std::pair{wants / all, all};
  };
  sim::DailySeries series(kMetricCount, 1096);
  for (std::uint32_t day = 0; day <= 1095; ++day) {
    if (day % kDaysPerYear == 1) {
      const auto [share, n] = share_under_50();
      const double expected = trend_value(params.trends.wants_connection, 2011.0 + day / kDaysPerYear);
      EXPECT_NEAR(share, expected, 4 * std::sqrt(expected * (1 - expected) / n)) << "day " << day;
    }
    model.advance_day(world, day, series);
  }
}

// Portal messages per enrolled patient follow the volume trend year by year: with
// physicians who always keep up (ample capacity, so demand is at its maximum) and trust
// held near its mean, the yearly count per enrolled patient is the constant-rate count
// times the year's multiplier; personal messages do not change.
TEST(CalendarTrends, PortalMessageVolumeFollowsItsTrendYearByYear) {
  const auto yearly_portal_messages = [](bool trends) {
    const Parameters params = test::make_parameters({{"trends.enabled", trends ? "true" : "false"},
                                                     {"run.start_year", "2019"},
                                                     {"run.days", "1095"},
                                                     {"trends.message_volume_from_year", "2019"},
                                                     {"trends.message_volume_from", "1"},
                                                     {"trends.message_volume_to_year", "2020"},
                                                     {"trends.message_volume_to", "1.5"},
                                                     {"trends.message_volume_cap", "1.75"},
                                                     {"physicians.minutes_available_per_day", "1440"},
                                                     {"population.physicians", "10"},
                                                     {"population.patients_per_physician", "2000"}});
    const RunResult run = Model(params).run(1, 0);
    std::array<double, 3> per_year{};
    for (std::uint32_t day = 0; day < 1095; ++day) {
      per_year[day / kDaysPerYear] += run.series.at(index(metric("messages_portal")), day);
    }
    return per_year;
  };
  const auto constant = yearly_portal_messages(false);
  const auto trend = yearly_portal_messages(true);
  const double multipliers[3] = {1.0, 1.5, 1.75};  // 2019, 2020, and 2021 at the cap
  for (std::size_t year = 0; year < 3; ++year) {
    ASSERT_GT(constant[year], 1000) << "too few messages for the check";
    // Poisson counts of thousands of messages: 5 standard deviations of the ratio.
    const double tolerance = 5 * multipliers[year] * std::sqrt(1 / constant[year] + 1 / trend[year]);
    EXPECT_NEAR(trend[year] / constant[year], multipliers[year], tolerance) << "year " << 2019 + year;
  }
}

TEST(CalendarTrends, TrendsInterpolateExtrapolateAndStopAtTheCap) {
  const Parameters::Trend trend{2011, 0.15, 2018, 0.42, 0.6};
  EXPECT_DOUBLE_EQ(trend_value(trend, 2011), 0.15);
  EXPECT_DOUBLE_EQ(trend_value(trend, 2018), 0.42);
  EXPECT_NEAR(trend_value(trend, 2014.5), 0.285, 1e-12);
  EXPECT_NEAR(trend_value(trend, 2022), 0.42 + 4 * 0.27 / 7, 1e-12);
  EXPECT_DOUBLE_EQ(trend_value(trend, 2040), 0.6);
  EXPECT_DOUBLE_EQ(trend_value(trend, 1990), 0.0);
}

TEST(CalendarTrends, TwoPointsInTheSameYearAreRefused) {
  try {
    test::make_parameters({{"trends.wants_connection_to_year", "2011"}});
    FAIL() << "expected a ConfigError";
  } catch (const sim::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("trends.wants_connection_to_year"), std::string::npos) << error.what();
  }
}

TEST(ResultsByYear, YearlyValuesAreMeansOrYearEndValuesOfCumulativeMetrics) {
  sim::DailySeries series(kMetricCount, 800);
  const auto visits = index(metric("visits"));
  const auto cumulative = index(metric("breaches_cumulative"));
  for (std::uint32_t t = 0; t < 800; ++t) {
    series.at(visits, t) = t < 365 ? 2.0 : 4.0;
    series.at(cumulative, t) = t;
  }
  EXPECT_EQ(yearly_values(series, visits, 800), (std::vector<double>{2.0, 4.0, 4.0}));
  EXPECT_EQ(yearly_values(series, cumulative, 800), (std::vector<double>{364.0, 729.0, 799.0}));
}

}  // namespace
}  // namespace rapport::models
