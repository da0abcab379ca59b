// Calendar time: day 0 is 1 January of run.start_year and years have 365 days. Rates the
// evidence shows changing follow a trend through two (year, value) points, clamped to
// [0, cap]; with trends off the constant parameter applies (docs/MODEL.md, "Calendar time").
#pragma once

#include <cstdint>

#include "models/parameters.hpp"

namespace rapport::models {

inline constexpr std::uint32_t kDaysPerYear = 365;

// The calendar year a day of the run falls in.
inline std::int64_t calendar_year(const Parameters& p, std::uint32_t day) {
  return p.run.start_year + static_cast<std::int64_t>(day / kDaysPerYear);
}

// The trend's value in a year: linear through its two points, clamped to [0, cap].
double trend_value(const Parameters::Trend& trend, double year);

// Share of patients under 50 who want a social-media link in a calendar year.
double wants_connection_under_50(const Parameters& p, std::int64_t year);

// Chance that a patient of an age group wants a link in a calendar year (the odds
// ratio for 50+ applied to the under-50 share).
double wants_connection_probability(const Parameters& p, std::size_t age_group, std::int64_t year);

// Chance that a physician drawn in a calendar year has a findable personal presence.
double personal_presence_probability(const Parameters& p, std::int64_t year);

// Multiplier of the portal message rate in a calendar year (1 with trends off).
double message_volume(const Parameters& p, std::int64_t year);

// The largest message_volume of any year the run reaches: the trend is a clamped line, so
// it is the larger of the first and last year's.
double message_volume_max(const Parameters& p);

}  // namespace rapport::models

namespace rapport::models {
struct World;
// On the first day of each calendar year after the first, patients' wish for a link
// follows the year's share: a patient without it gains it with probability
// (new - old) / (1 - old) when the share rose, one with it loses it with probability
// (old - new) / old when it fell, so each age group's share tracks the trend.
void advance_calendar_year(World& world, std::uint32_t day);
}  // namespace rapport::models
