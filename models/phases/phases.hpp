// The daily phases, in the order MODEL.md describes. Each file in this folder
// implements one; make_daily_schedule lists them in order.
#pragma once

#include <memory>

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

}  // namespace rapport::models
