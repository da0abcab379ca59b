#include "models/calendar.hpp"

#include <algorithm>

namespace rapport::models {

double trend_value(const Parameters::Trend& trend, double year) {
  const double slope = (trend.to - trend.from) / (trend.to_year - trend.from_year);
  return std::clamp(trend.from + slope * (year - trend.from_year), 0.0, trend.cap);
}

double wants_connection_under_50(const Parameters& p, std::int64_t year) {
  if (!p.trends.enabled) return p.population.p_wants_connection;
  return trend_value(p.trends.wants_connection, static_cast<double>(year));
}

double wants_connection_probability(const Parameters& p, std::size_t age_group, std::int64_t year) {
  const double young = wants_connection_under_50(p, year);
  if (age_group < 2) return young;
  const double odds_old = young / (1 - std::min(young, 0.999999)) * p.population.or_wants_connection_50_plus;
  return odds_old / (1 + odds_old);
}

double personal_presence_probability(const Parameters& p, std::int64_t year) {
  if (!p.trends.enabled) return p.physicians.p_personal_presence;
  return trend_value(p.trends.personal_presence, static_cast<double>(year));
}

double message_volume(const Parameters& p, std::int64_t year) {
  if (!p.trends.enabled) return 1.0;
  return trend_value(p.trends.message_volume, static_cast<double>(year));
}

// A trend is linear in the year, clamped, so its largest value over the run is at one end.
double message_volume_max(const Parameters& p) {
  const auto last_day = static_cast<std::uint32_t>(std::max<std::int64_t>(p.run.days, 1) - 1);
  return std::max(message_volume(p, calendar_year(p, 0)), message_volume(p, calendar_year(p, last_day)));
}

}  // namespace rapport::models

#include "models/phases/phases.hpp"
#include "models/random_events.hpp"

namespace rapport::models {

void advance_calendar_year(World& world, std::uint32_t day) {
  const Parameters& p = *world.params;
  if (!p.trends.enabled || day == 0 || day % kDaysPerYear != 0) return;
  const std::int64_t year = calendar_year(p, day);
  std::array<double, kAgeGroupCount> gain{}, loss{};
  for (std::size_t age = 0; age < kAgeGroupCount; ++age) {
    const double before = wants_connection_probability(p, age, year - 1);
    const double now = wants_connection_probability(p, age, year);
    gain[age] = now > before ? (now - before) / (1 - before) : 0.0;
    loss[age] = now < before ? (before - now) / before : 0.0;
  }
  auto& patients = world.patients;
  for_each_panel(world, [&](std::size_t d) {
    for (const auto i : world.panel(d)) {
      const double u = world.streams.uniform(i, day, event::kCalendarTrend);
      const std::size_t age = patients.age_group[i];
      if (patients.has(i, kWantsConnection)) {
        if (u < loss[age]) patients.flags[i] &= static_cast<std::uint8_t>(~kWantsConnection);
      } else if (u < gain[age]) {
        patients.flags[i] |= kWantsConnection;
      }
    }
  });
}

}  // namespace rapport::models
