// ScheduledDays finds exactly the patients whose day is today, in increasing order, from
// block bounds that skip most of the column: checked day by day against a plain scan, with
// events rescheduled as the phases do, for panels that start and end inside a block.
#include "models/scheduled_days.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <random>
#include <vector>

namespace rapport::models {
namespace {

// Patients whose day is today, by a plain scan of the panel.
std::vector<std::uint32_t> due_by_scan(const ScheduledDays& days, PatientRange panel, std::int32_t today) {
  std::vector<std::uint32_t> due;
  for (std::uint32_t i = panel.first; i < panel.last; ++i) {
    if (days[i] == today) due.push_back(i);
  }
  return due;
}

TEST(ScheduledDays, FindsEveryDueDayInOrderWhileEventsAreRescheduled) {
  // Panels of 37 and 1000 patients starting at 5: blocks shared by two panels, whole blocks
  // and a ragged end.
  const std::vector<PatientRange> panels = {{5, 42}, {42, 1042}};
  ScheduledDays days;
  days.resize(1042);
  std::mt19937 random(7);
  std::geometric_distribution<std::int32_t> gap(0.05);
  for (std::uint32_t i = 0; i < days.size(); ++i) days.set(i, gap(random));
  days.set(100, INT32_MAX);  // never due
  std::size_t found = 0;
  for (std::int32_t today = 0; today < 200; ++today) {
    for (const PatientRange panel : panels) {
      const std::vector<std::uint32_t> expected = due_by_scan(days, panel, today);
      std::vector<std::uint32_t> due;
      days.for_each_due(panel, today, [&](std::uint32_t i) {
        due.push_back(i);
        // As a phase does: the next event is on a later day, sometimes tomorrow.
        days.set(i, today + 1 + gap(random));
      });
      ASSERT_EQ(due, expected) << "day " << today;
      found += due.size();
    }
  }
  EXPECT_GT(found, 5000u);  // most patients had several events
}

TEST(ScheduledDays, ADayMovedEarlierIsStillFound) {
  ScheduledDays days;
  days.resize(64);
  for (std::uint32_t i = 0; i < days.size(); ++i) days.set(i, 50);
  const PatientRange panel{0, 64};
  std::vector<std::uint32_t> due;
  days.for_each_due(panel, 0, [&](std::uint32_t i) { due.push_back(i); });  // sets every bound to 50
  EXPECT_TRUE(due.empty());
  days.set(17, 3);  // an event brought forward (e.g. a new patient's first day)
  days.set(63, 3);
  for (std::int32_t today = 1; today <= 3; ++today) {
    days.for_each_due(panel, today, [&](std::uint32_t i) { due.push_back(i); });
  }
  EXPECT_EQ(due, (std::vector<std::uint32_t>{17, 63}));
}

}  // namespace
}  // namespace rapport::models
