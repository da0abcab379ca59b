// Phase 7, trust and adherence: trust relaxes toward baseline, exposure fades,
// adherence follows; the day's state tallies are taken here.
#include "models/daily_relaxation.hpp"
#include "models/phases/phases.hpp"

namespace rapport::models {
namespace {

class TrustAdherencePhase final : public DayPhase {
 public:
  std::string_view name() const override { return "trust_adherence"; }
  std::string_view summary() const override {
    return "trust relaxes to baseline, exposure fades, adherence = logistic(trust, exposure)";
  }

  void step(World& world, std::uint32_t /*day*/) const override {
    const DailyRelaxation constants(*world.params);
    for_each_panel(world, [&](std::size_t d) {
      // Each panel is one task, so the sums do not depend on the thread count.
      const PanelSums sums = relax_panel(world.patients, world.physicians.panel_begin[d], world.panel_end(d),
                                         constants, isa_);
      auto& today = world.physicians.today[d];
      today[Tally::kTrustSum] = sums.trust;
      today[Tally::kTrustSqSum] = sums.trust_sq;
      today[Tally::kAdherenceSum] = sums.adherence;
      today[Tally::kAdherenceSqSum] = sums.adherence_sq;
      today[Tally::kLinksPersonal] = sums.personal;
      today[Tally::kLinksPage] = sums.page;
      today[Tally::kLinksPortal] = sums.portal;
      today[Tally::kPending] = sums.pending;
      today[Tally::kEverReached] = sums.reached;
    });
  }

 private:
  Isa isa_ = best_isa();
};

}  // namespace

std::unique_ptr<DayPhase> make_trust_adherence_phase() { return std::make_unique<TrustAdherencePhase>(); }

}  // namespace rapport::models
