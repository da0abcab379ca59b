// Phase 6, breaches and boundary incidents: per-message breach draws by channel,
// a daily incident hazard on personal links, the breaches of today's posts that identified
// a patient, and the consequences: trust loss, word of mouth among friends with the same
// physician, complaints.
#include "models/phases/phases.hpp"

namespace rapport::models {
namespace {

class BreachesPhase final : public PanelPhase {
 public:
  std::string_view name() const override { return "breaches"; }
  std::string_view summary() const override {
    return "per-message breaches (personal far above portal), boundary incidents on personal links, "
           "word of mouth and complaints";
  }

  void step_parts(World& world, std::uint32_t day, std::size_t first, std::size_t last) const override {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    auto& doctors = world.physicians;
    const double p_incident = sim::daily_probability(p.breaches.boundary_incidents_per_link_year / 365.0);
    const double minutes_per[2] = {p.messages.minutes_per_message,
                                   p.messages.minutes_per_message * p.messages.rel_minutes_personal};
    for (std::size_t d = first; d < last; ++d) {
      for (const auto& [i, count, personal] : doctors.messages_today[d]) {
        if (RequestRecord* requester = world.requesters.current(d, i)) {
          requester->messages += count;
          requester->message_minutes += count * minutes_per[personal ? 1 : 0];
          if (personal) requester->after_hours_minutes += count * minutes_per[1];
        }
        const double p_breach = personal ? p.breaches.p_per_message_personal : p.breaches.p_per_message_portal;
        for (std::uint32_t m = 0; m < count; ++m) {
          if (world.streams.uniform(i, day, event::kBreach, m) < p_breach) {
            breach(world, d, i, personal, day, m, p.breaches.p_reported);
          }
        }
      }
      doctors.messages_today[d].clear();
      for (const auto i : doctors.personal_friends[d]) {
        const auto u = world.streams.block(i, day, event::kBoundaryIncident);
        if (sim::RandomStreams::to_unit(u[0]) >= p_incident) continue;
        add_trust(patients.trust[i], p.trust.boundary_incident);
        doctors.today[d][metric("boundary_incidents")] += 1;
        if (RequestRecord* requester = world.requesters.current(d, i)) requester->boundary_incidents += 1;
        if (sim::RandomStreams::to_unit(u[1]) < p.breaches.p_complaint_boundary) complain(world, d, u[2]);
      }
      // Post breaches follow message breaches; their ordinals start past any message's.
      std::uint32_t ordinal = 256;
      for (const auto& post : doctors.post_breaches[d]) breach(world, d, post.patient, true, day, ordinal++, post.p_reported);
      doctors.post_breaches[d].clear();
    }
  }

 private:
  static void complain(World& world, std::size_t d, std::uint32_t investigation_word) {
    world.physicians.today[d][metric("complaints")] += 1;
    world.physicians.complaints[d] += 1;
    if (sim::RandomStreams::to_unit(investigation_word) < world.params->breaches.p_investigated) {
      world.physicians.today[d][metric("investigations")] += 1;
    }
  }

  // `ordinal` numbers the breaches of patient i today, so each has its own draws.
  static void breach(World& world, std::size_t d, std::uint32_t i, bool personal, std::uint32_t day,
                     std::uint32_t ordinal, double p_reported) {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    auto& doctors = world.physicians;
    add_trust(patients.trust[i], p.trust.breach);
    doctors.today[d][personal ? metric("breaches_personal") : metric("breaches_portal")] += 1;
    if (RequestRecord* requester = world.requesters.current(d, i)) requester->breaches += 1;
    doctors.breaches[d] += 1;
    // Word of mouth reaches friends who share the physician (same panel, so same task).
    sim::DrawSequence draws(world.streams, i, day, event::kBreachSpread, ordinal << 16);
    world.friends->for_each_neighbor(i, [&](std::uint32_t j) {
      if (j < doctors.panel_begin[d] || j >= world.panel_end(d)) return;
      if (draws.uniform() < p.breaches.p_word_of_mouth) add_trust(patients.trust[j], p.trust.breach_word_of_mouth);
    });
    if (draws.uniform() < p_reported) complain(world, d, draws());
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_breaches_phase() { return std::make_unique<BreachesPhase>(); }

}  // namespace rapport::models
