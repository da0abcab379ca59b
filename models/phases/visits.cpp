// Phase 1, visits: a patient's visit days are scheduled ahead (the gaps of a
// Poisson process at a constant rate), so a day without a visit costs one
// comparison. A visit raises trust (less when the physician is burnt out), settles an
// outstanding decline, may carry physician self-disclosure or a misunderstanding, and may
// correct a patient's inaccurate belief.
#include <cmath>

#include "models/mechanisms.hpp"
#include "models/misinformation.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {
namespace {

class VisitsPhase final : public PanelPhase {
 public:
  std::string_view name() const override { return "visits"; }
  std::string_view summary() const override {
    return "Poisson visits; trust steps toward 1 by visit quality (less when burnt out); a pending decline is "
           "talked over; self-disclosure and misunderstandings";
  }

  void step_parts(World& world, std::uint32_t day, std::size_t first, std::size_t last) const override {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    const auto today_index = static_cast<std::int32_t>(day);
    for (std::size_t d = first; d < last; ++d) {
      const Specialty specialty = world.physicians.specialty[d];
      const auto explanation = policy_info(world.physicians.policy[d]).decline_explanation;
      const double awkward = p.trust.awkward_visit * decline_penalty_multiplier(p, explanation);
      const double rate[2] = {daily_visit_rate(p, false, specialty), daily_visit_rate(p, true, specialty)};
      const double p_none[2] = {std::exp(-rate[0]), std::exp(-rate[1])};
      const double excess = burnout_excess(p, world.physicians.after_hours_load[d]);
      const double gain = p.trust.visit_gain * burnout_visit_quality(p, world.physicians.visit_quality[d], excess);
      const double p_discloses = world.physicians.self_disclosure_share[d];
      const double closed_one = 1.0 - (1.0 - gain);  // pow(1 - gain, 1) is exact
      auto& today = world.physicians.today[d];
      for_each_due(patients.next_visit_day, world, d, last, day, event::kVisit,
                   [&](std::uint32_t i, const sim::RandomStreams::Block& u) {
        const int kind = patients.has(i, kChronic) ? 1 : 0;
        const double patient_rate = rate[kind];
        const int visits = sim::poisson_at_least_one(patient_rate, sim::RandomStreams::to_unit(u[0]), p_none[kind]);
        const std::int64_t gap = sim::days_until_next_event(patient_rate, sim::RandomStreams::to_unit(u[1]));
        patients.next_visit_day.set(i, static_cast<std::int32_t>(std::min<std::int64_t>(day + 1 + gap, INT32_MAX)));
        const double closed = visits == 1 ? closed_one : 1.0 - std::pow(1.0 - gain, visits);
        add_trust(patients.trust[i], (1.0 - patients.trust[i]) * closed);
        patients.last_visit_day[i] = today_index;
        if (patients.has(i, kDeclineOutstanding)) {
          add_trust(patients.trust[i], awkward);
          patients.flags[i] &= static_cast<std::uint8_t>(~kDeclineOutstanding);
        }
        // Either happens at most once a day, however many visits the day has.
        if (sim::RandomStreams::to_unit(u[2]) < p_at_least_once(p_discloses, visits)) {
          add_trust(patients.trust[i], p.trust.visit_self_disclosure);
        }
        if (sim::RandomStreams::to_unit(u[3]) < p_at_least_once(p.visits.p_misunderstood, visits)) {
          add_trust(patients.trust[i], p.trust.misunderstanding);
          today[metric("miscommunications")] += 1;
        }
        if (offer_correction(world, i, day, CorrectionChannel::kVisit,
                             p_at_least_once(p.misinformation.p_raised_visit, visits))) {
          today[metric("misinformation_corrections")] += 1;
        }
        today[metric("visits")] += 1;
      }, [&](std::uint32_t i) {
        // A visit never reads the link, unlike the other events (prefetch_event_columns):
        // each line fetched in vain holds up the ones that are needed.
        __builtin_prefetch(&patients.trust[i], 1);
        __builtin_prefetch(&patients.flags[i], 1);
        __builtin_prefetch(&patients.last_visit_day[i], 1);
      });
    }
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_visits_phase() { return std::make_unique<VisitsPhase>(); }

}  // namespace rapport::models
