// Same seed, same bits, whatever the thread count; replicates and seeds differ.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstring>

#include "models/model.hpp"
#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

test::Overrides mixed() {
  return {{"run.days", "150"},
          {"population.physicians", "12"},
          {"population.patients_per_physician", "120"},
          {"physicians.p_personal_presence", "0.7"},
          {"requests.rate_per_year", "0.05"},
          {"breaches.p_per_message_personal", "0.02"},
          {"posts.p_privacy_violation", "0.05"},
          {"cascade.p_share", "0.3"},
          {"network.type", "\"stochastic_block\""},
          {"policy.mix.decline_all", "0.2"},
          {"policy.mix.accept_all", "0.2"},
          {"policy.mix.professional_page", "0.2"},
          {"policy.mix.secure_portal", "0.2"},
          {"policy.mix.selective", "0.2"}};
}

RunResult run_with_threads(const Model& model, std::size_t threads, std::uint64_t seed, std::uint32_t replicate) {
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  return model.run(seed, replicate);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

std::vector<double> flatten(const sim::DailySeries& s) {
  std::vector<double> out;
  for (std::size_t m = 0; m < kMetricCount; ++m)
    for (std::size_t t = 0; t < s.n_days(); ++t) out.push_back(s.at(m, t));
  return out;
}

TEST(Determinism, SameSeedGivesSameBitsForOneAndTwoThreads) {
  const Model model(test::make_parameters(mixed()));
  for (const std::uint32_t replicate : {0u, 4u}) {
    const auto one = run_with_threads(model, 1, 31, replicate);
    const auto two = run_with_threads(model, 2, 31, replicate);
    ASSERT_TRUE(same_bits(flatten(one.series), flatten(two.series))) << "replicate " << replicate;
    EXPECT_TRUE(same_bits(one.trust_histogram, two.trust_histogram));
    EXPECT_TRUE(same_bits(one.adherence_histogram, two.adherence_histogram));
    EXPECT_TRUE(same_bits(one.physicians.minutes_per_day, two.physicians.minutes_per_day));
    EXPECT_TRUE(same_bits(one.physicians.requests_received, two.physicians.requests_received));
    EXPECT_EQ(one.physicians.policy, two.physicians.policy);
    EXPECT_FALSE(one.requesters.patient.empty());
    EXPECT_EQ(to_bytes(one), to_bytes(two));  // every output, the requester cohort included
  }
}

TEST(Determinism, RequesterCohortWithTurnoverIsThreadIndependent) {
  auto overrides = mixed();
  overrides["turnover.patient_exit_per_year"] = "0.5";
  const Model model(test::make_parameters(overrides));
  EXPECT_EQ(to_bytes(run_with_threads(model, 1, 31, 2)), to_bytes(run_with_threads(model, 2, 31, 2)));
}

TEST(Determinism, EveryNetworkTypeIsThreadIndependent) {
  for (const char* type : {"\"watts_strogatz\"", "\"barabasi_albert\""}) {
    auto overrides = mixed();
    overrides["network.type"] = type;
    overrides["run.days"] = "60";
    const Model model(test::make_parameters(overrides));
    EXPECT_TRUE(same_bits(flatten(run_with_threads(model, 1, 8, 0).series),
                          flatten(run_with_threads(model, 2, 8, 0).series)))
        << type;
  }
}

TEST(Determinism, RepeatedRunsAreIdentical) {
  const Model model(test::make_parameters(mixed()));
  EXPECT_TRUE(same_bits(flatten(model.run(5, 1).series), flatten(model.run(5, 1).series)));
}

TEST(Determinism, DifferentReplicatesAndSeedsDiffer) {
  const Model model(test::make_parameters(mixed()));
  const auto base = flatten(model.run(5, 0).series);
  EXPECT_FALSE(same_bits(base, flatten(model.run(5, 1).series)));
  EXPECT_FALSE(same_bits(base, flatten(model.run(6, 0).series)));
  const auto trust = [&](const RunResult& r) {
    std::vector<double> v;
    for (std::size_t t = 0; t < r.series.n_days(); ++t) v.push_back(r.series.at(0, t));
    return v;
  };
  EXPECT_NE(trust(model.run(5, 0)), trust(model.run(5, 1)));
}

TEST(Determinism, StepwiseRunEqualsRun) {
  const Model model(test::make_parameters(mixed()));
  const auto whole = model.run(12, 2);
  World world = model.initial_world(12, 2);
  const auto days = static_cast<std::uint32_t>(model.parameters().run.days);
  sim::DailySeries series(kMetricCount, days);
  for (std::uint32_t t = 0; t < days; ++t) model.advance_day(world, t, series);
  EXPECT_TRUE(same_bits(flatten(whole.series), flatten(series)));
}

}  // namespace
}  // namespace rapport::models
