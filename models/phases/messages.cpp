// Phase 4, messages: linked patients write on their channel. Portal messages queue
// for in-hours capacity (plus an overtime slice); the backlog sets how fast answers
// come, which feeds back into trust and demand. Personal-channel messages are answered
// the same day in the physician's own time, unless content rules redirect them to the
// portal (accept_with_rules). After-hours minutes build a burnout load
// that slows portal answers and lowers visit quality. An answer may correct a patient's
// inaccurate belief.
// Candidate message days are scheduled ahead at an upper-bound rate and thinned,
// so a day without one costs a comparison.
#include <algorithm>
#include <cmath>

#include "models/mechanisms.hpp"
#include "models/calendar.hpp"
#include "models/misinformation.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {

namespace {

class MessagesPhase final : public PanelPhase {
 public:
  std::string_view name() const override { return "messages"; }
  std::string_view summary() const override {
    return "portal messages queue for in-hours capacity, personal ones are answered in own time; after-hours "
           "minutes build burnout; misunderstandings";
  }

  void step_parts(World& world, std::uint32_t day, std::size_t first, std::size_t last) const override {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    auto& doctors = world.physicians;
    const MessageSchedule schedule(p);
    const double volume = message_volume(p, calendar_year(p, day));
    for (std::size_t d = first; d < last; ++d) {
      const double capacity = burnout_capacity_minutes(p, burnout_excess(p, doctors.after_hours_load[d]));
      const double wait = expected_wait_days(doctors.backlog_minutes[d], capacity);
      const double responsiveness = std::exp(-wait / p.messages.responsiveness_days);
      // Index 0: portal (waits in the queue); 1: personal channel (answered today, no wait).
      const double demand[2] = {1.0 + (p.messages.demand_response_max - 1.0) * responsiveness,
                                p.messages.demand_response_max};
      const double answer_trust[2] = {
          wait <= p.trust.wait_tolerance_days ? p.trust.answer_fast * responsiveness : p.trust.answer_slow,
          p.trust.answer_fast};
      const double minutes_per[2] = {p.messages.minutes_per_message,
                                     p.messages.minutes_per_message * p.messages.rel_minutes_personal};
      const double p_misunderstood[2] = {p.messages.p_misunderstood_portal, p.messages.p_misunderstood_personal};
      const PolicyInfo& policy = policy_info(doctors.policy[d]);
      const bool redirects = policy.keeps_content_rules;
      auto& today = doctors.today[d];
      double new_minutes[2] = {0, 0};
      for_each_due(patients.next_message_day, world, d, last, day, event::kMessage,
                   [&](std::uint32_t i, const sim::RandomStreams::Block& u) {
        const bool personal = patients.link[i] == Link::kPersonal;
        const bool chronic = patients.has(i, kChronic);
        // On a candidate day the uniform is conditioned above exp(-bound), exactly the
        // part of a daily draw that could give a message (thinning, MODEL.md "Messages").
        schedule.schedule_next(patients, i, day + 1, sim::RandomStreams::to_unit(u[1]));
        const double p_none_bound = schedule.p_none(personal, chronic);
        const double draw = p_none_bound + sim::RandomStreams::to_unit(u[0]) * (1.0 - p_none_bound);
        const double rate = message_rate(p, personal, chronic, demand[personal], patients.trust[i], volume);
        const double p_none = std::exp(-rate);
        if (draw <= p_none) return;
        const int count = std::max(1, sim::poisson_from_uniform(rate, draw, p_none));
        // Content rules send the day's clinical questions to the portal: answered, timed and
        // breached there; the patient stays a personal friend and writes at the personal rate.
        const bool redirected =
            personal && redirects && sim::RandomStreams::to_unit(u[3]) < p.rules.portal_redirect_share;
        const bool channel = personal && !redirected;
        doctors.messages_today[d].push_back({i, static_cast<std::uint32_t>(count), channel});
        new_minutes[channel] += count * minutes_per[channel];
        today[channel ? metric("messages_personal") : metric("messages_portal")] += count;
        add_trust(patients.trust[i], answer_trust[channel]);
        if (sim::RandomStreams::to_unit(u[2]) < p_at_least_once(p_misunderstood[channel], count)) {
          add_trust(patients.trust[i], p.trust.misunderstanding);
          today[metric("miscommunications")] += 1;
        }
        if (offer_correction(world, i, day, CorrectionChannel::kMessage,
                             p_at_least_once(p.misinformation.p_raised_message, count))) {
          today[metric("misinformation_corrections")] += 1;
        }
      }, [&](std::uint32_t i) { prefetch_event_columns(patients, i); });
      const double queued_portal_minutes = doctors.backlog_minutes[d] + new_minutes[0];
      const double worked_portal = std::min(queued_portal_minutes, capacity);
      const double overtime = std::max(0.0, worked_portal - p.physicians.minutes_available_per_day);
      const double after_hours = overtime + new_minutes[1];
      const double worked = worked_portal + new_minutes[1];
      doctors.backlog_minutes[d] = queued_portal_minutes - worked_portal;
      doctors.minutes_total[d] += worked;
      doctors.demand_minutes_total[d] += new_minutes[0] + new_minutes[1];
      doctors.overtime_total[d] += overtime;
      doctors.after_hours_total[d] += after_hours;
      // Keeping a page is the physician's own time too: it loads burnout like after-hours
      // messages, and is reported in its own series beside the message minutes.
      const double upkeep_per_week = !policy.posts_on_page       ? 0.0
                                     : policy.page_open_to_panel ? p.open_page.upkeep_minutes_per_week
                                                                 : p.professional_page.upkeep_minutes_per_week;
      const double upkeep = upkeep_per_week / 7.0;
      doctors.after_hours_load[d] = next_after_hours_load(p, doctors.after_hours_load[d], after_hours + upkeep);
      today[metric("page_upkeep_minutes")] = upkeep;
      today[metric("physician_minutes_mean")] = worked;
      today[metric("message_demand_minutes_mean")] = new_minutes[0] + new_minutes[1];
      today[metric("overtime_minutes")] = overtime;
      today[metric("backlog_minutes_mean")] = doctors.backlog_minutes[d];
      today[metric("after_hours_minutes")] = after_hours;
      today[metric("burnout_risk_mean")] = burnout_risk(p, burnout_excess(p, doctors.after_hours_load[d]));
    }
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_messages_phase() { return std::make_unique<MessagesPhase>(); }

}  // namespace rapport::models
