// Phase 1, visits: Poisson visits raise trust and settle an outstanding decline.
#include <cmath>

#include "models/phases/phases.hpp"

namespace rapport::models {
namespace {

class VisitsPhase final : public DayPhase {
 public:
  std::string_view name() const override { return "visits"; }
  std::string_view summary() const override {
    return "Poisson visits; trust steps toward 1 by visit quality; a pending decline is talked over";
  }

  void step(World& world, std::uint32_t day) const override {
    const Parameters& p = *world.params;
    auto& patients = world.patients;
    const double awkward = p.trust.awkward_visit * (p.policy.disclosed ? p.trust.rel_disclosed : 1.0);
    for_each_panel(world, [&](std::size_t d) {
      const auto specialty = static_cast<std::size_t>(world.physicians.specialty[d]);
      const double rel = p.visits.rel_rate[specialty] / 365.0;
      const double rate[2] = {p.visits.rate_other_per_year * rel, p.visits.rate_chronic_per_year * rel};
      // P(no visit today) per chronic status: most patients stop at this comparison.
      const double p_none[2] = {std::exp(-rate[0]), std::exp(-rate[1])};
      const double gain = p.trust.visit_gain * world.physicians.visit_quality[d];
      auto& today = world.physicians.today[d];
      for (std::uint32_t i = world.physicians.panel_begin[d]; i < world.panel_end(d); ++i) {
        const int chronic = patients.has(i, kChronic) ? 1 : 0;
        const double u = world.streams.uniform(i, day, sim::Event::kVisit);
        if (u <= p_none[chronic]) continue;
        const int visits = std::max(1, sim::poisson_from_uniform(rate[chronic], u));
        const double closed = 1.0 - std::pow(1.0 - gain, visits);
        add_trust(patients.trust[i], (1.0 - patients.trust[i]) * closed);
        patients.last_visit_day[i] = static_cast<std::int32_t>(day);
        if (patients.has(i, kDeclineOutstanding)) {
          add_trust(patients.trust[i], awkward);
          patients.flags[i] &= static_cast<std::uint8_t>(~kDeclineOutstanding);
        }
        today[Tally::kVisits] += 1;
      }
    });
  }
};

}  // namespace

std::unique_ptr<DayPhase> make_visits_phase() { return std::make_unique<VisitsPhase>(); }

}  // namespace rapport::models
