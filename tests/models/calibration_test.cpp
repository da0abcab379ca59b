// The default parameters reproduce the calibration targets of docs/PARAMETERS.md.
#include <gtest/gtest.h>

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

TEST(Calibration, PortalMessagesPerEnrolledPatientMatchCrotty) {
  // Crotty et al. 2014: 18.9 messages per 100 enrolled patients per month (2.27 a year);
  // the defaults give about 2.4 a year for a physician who keeps up (docs/PARAMETERS.md).
  const models::Model model(one_year_of_defaults());
  const auto result = model.run(1, 0);
  double messages = 0, enrolled_days = 0;
  for (std::size_t day = 0; day < 365; ++day) {
    messages += metric(result.series, models::metric("messages_portal"), day);
    enrolled_days += metric(result.series, models::metric("links_portal"), day);
  }
  const double per_patient_year = messages / (enrolled_days / 365.0);
  EXPECT_GT(per_patient_year, 1.8);
  EXPECT_LT(per_patient_year, 3.6);
  // "Tens of minutes a day" for a 2,000-patient panel, not hours.
  const double minutes = metric(result.series, models::metric("physician_minutes_mean"), 364);
  EXPECT_GT(minutes, 5);
  EXPECT_LT(minutes, 60);
}

}  // namespace
}  // namespace rapport::test
