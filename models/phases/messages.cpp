// Phase 4, messages: linked patients write on their channel; the physician's
// backlog sets how fast answers come, which feeds back into trust and demand.
// Candidate message days are scheduled ahead at an upper-bound rate and thinned,
// so a day without one costs a comparison.
#include <algorithm>
#include <cmath>

#include "models/mechanisms.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {

namespace {

class MessagesPhase final : public DayPhase {
 public:
  std::string_view name() const override { return "messages"; }
  std::string_view summary() const override {
    return "personal friends and portal users send messages; minutes, backlog and overtime accrue";
  }

  void step(World& world, std::uint32_t day) const override {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    auto& doctors = world.physicians;
    const double capacity = message_capacity_minutes(p);
    const MessageSchedule schedule(p);
    const auto today_index = static_cast<std::int32_t>(day);
    for_each_panel(world, [&](std::size_t d) {
      const double wait = expected_wait_days(p, doctors.backlog_minutes[d]);
      const double responsiveness = std::exp(-wait / p.messages.responsiveness_days);
      const double demand = 1.0 + (p.messages.demand_response_max - 1.0) * responsiveness;
      const double answer_trust = wait <= p.trust.wait_tolerance_days ? p.trust.answer_fast * responsiveness
                                                                      : p.trust.answer_slow;
      const double minutes_per[2] = {p.messages.minutes_per_message,
                                     p.messages.minutes_per_message * p.messages.rel_minutes_personal};
      auto& today = doctors.today[d];
      double new_minutes = 0;
      for_each_equal(patients.next_message_day, world.panel(d), today_index, [&](std::uint32_t i) {
        const Link link = patients.link[i];
        const bool personal = link == Link::kPersonal;
        const bool chronic = patients.has(i, kChronic);
        // On a candidate day the uniform is conditioned above exp(-bound), exactly the
        // part of a daily draw that could give a message (thinning, MODEL.md "Messages").
        const auto u = world.streams.block(i, day, event::kMessage);
        schedule.schedule_next(patients, i, day + 1, sim::RandomStreams::to_unit(u[1]));
        const double p_none_bound = schedule.p_none(personal, chronic);
        const double draw = p_none_bound + sim::RandomStreams::to_unit(u[0]) * (1.0 - p_none_bound);
        const double rate = message_rate(p, personal, chronic, demand, patients.trust[i]);
        const double p_none = std::exp(-rate);
        if (draw <= p_none) return;
        const int count = std::max(1, sim::poisson_from_uniform(rate, draw, p_none));
        doctors.messages_today[d].emplace_back(i, static_cast<std::uint32_t>(count));
        new_minutes += count * minutes_per[personal ? 1 : 0];
        today[personal ? metric("messages_personal") : metric("messages_portal")] += count;
        add_trust(patients.trust[i], answer_trust);
      });
      const double demand_minutes = doctors.backlog_minutes[d] + new_minutes;
      const double worked = std::min(demand_minutes, capacity);
      const double overtime = std::max(0.0, worked - p.physicians.minutes_available_per_day);
      doctors.backlog_minutes[d] = demand_minutes - worked;
      doctors.minutes_total[d] += worked;
      doctors.overtime_total[d] += overtime;
      today[metric("physician_minutes_mean")] = worked;
      today[metric("overtime_minutes")] = overtime;
      today[metric("backlog_minutes_mean")] = doctors.backlog_minutes[d];
    });
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_messages_phase() { return std::make_unique<MessagesPhase>(); }

}  // namespace rapport::models
