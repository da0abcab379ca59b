// The daily phases, in the order MODEL.md describes. Each file in this folder
// implements one; make_daily_schedule lists them in order.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/world.hpp"
#include "sim/parallel.hpp"
#include "sim/schedule.hpp"

namespace rapport::models {

using DayPhase = sim::Phase<World>;

std::unique_ptr<DayPhase> make_visits_phase();
std::unique_ptr<DayPhase> make_friend_requests_phase();
std::unique_ptr<DayPhase> make_responses_phase();
std::unique_ptr<DayPhase> make_messages_phase();
std::unique_ptr<DayPhase> make_public_health_posts_phase();
std::unique_ptr<DayPhase> make_breaches_phase();
std::unique_ptr<DayPhase> make_trust_adherence_phase();

sim::Schedule<World> make_daily_schedule();

// Runs fn(physician) for every physician in parallel. A panel's patients are
// touched only by its own task, so no two tasks write the same patient.
template <class Fn>
void for_each_panel(const World& world, Fn&& fn) {
  sim::parallel_for_index(world.physicians.size(), fn);
}

// Runs fn(i), in increasing i, for every patient i of the range whose scheduled day
// (next visit, request or message) is today. Most patients have no event on most days,
// so blocks of kBlock days are compared at once (the comparisons vectorise) and only a
// block with a match is looked at one by one. fn may reschedule patient i itself.
template <class Fn>
void for_each_due(const std::vector<std::int32_t>& scheduled_day, PatientRange range, std::int32_t today, Fn&& fn) {
  constexpr std::uint32_t kBlock = 16;
  const std::int32_t* day = scheduled_day.data();
  std::uint32_t i = range.first;
  for (; i + kBlock <= range.last; i += kBlock) {
    std::uint32_t any = 0;
    for (std::uint32_t j = 0; j < kBlock; ++j) any |= static_cast<std::uint32_t>(day[i + j] == today);
    if (any == 0) continue;
    for (std::uint32_t j = i; j < i + kBlock; ++j) {
      if (day[j] == today) fn(j);
    }
  }
  for (; i < range.last; ++i) {
    if (day[i] == today) fn(i);
  }
}

}  // namespace rapport::models
