// A run's results survive the trip between MPI ranks (models/run_result_bytes.cpp) exactly.
#include <gtest/gtest.h>

#include <cstring>

#include "tests/models/scenario_helpers.hpp"

namespace rapport::models {
namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST(RunResultBytes, RoundTripIsBitExact) {
  const Model model(test::make_parameters(
      {{"run.days", "20"}, {"requests.rate_per_year", "0.5"}, {"physicians.p_personal_presence", "1"}}));
  const auto run = model.run(5, 1);
  const auto copy = run_result_from_bytes(to_bytes(run));

  EXPECT_EQ(copy.series.n_days(), run.series.n_days());
  EXPECT_TRUE(same_bits(copy.series.values(), run.series.values()));
  EXPECT_EQ(copy.physicians.policy, run.physicians.policy);
  EXPECT_EQ(copy.physicians.specialty, run.physicians.specialty);
  EXPECT_TRUE(same_bits(copy.physicians.minutes_per_day, run.physicians.minutes_per_day));
  EXPECT_TRUE(same_bits(copy.physicians.portal_users, run.physicians.portal_users));
  EXPECT_TRUE(same_bits(copy.physicians.requests_received, run.physicians.requests_received));
  EXPECT_TRUE(same_bits(copy.trust_histogram, run.trust_histogram));
  EXPECT_TRUE(same_bits(copy.adherence_histogram, run.adherence_histogram));
  ASSERT_FALSE(run.requesters.patient.empty());
  EXPECT_EQ(copy.requesters.response, run.requesters.response);
  EXPECT_TRUE(same_bits(copy.requesters.trust_end, run.requesters.trust_end));
  EXPECT_TRUE(same_bits(copy.requester_series.values(), run.requester_series.values()));
  EXPECT_EQ(to_bytes(copy), to_bytes(run));  // every column, including those not listed above
}

TEST(RunResultBytes, TruncatedBytesAreAnErrorNotAShortResult) {
  const Model model(test::make_parameters({{"run.days", "3"}}));
  auto bytes = to_bytes(model.run(5, 0));
  bytes.resize(bytes.size() - 1);
  EXPECT_THROW((void)run_result_from_bytes(bytes), std::runtime_error);
}

}  // namespace
}  // namespace rapport::models
